package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.cli.PalisadeCommand;
import dev.palisade.netpol.Protocol;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --netns}: the enforcer enters a node's namespace in-process (one dedicated thread does setns and all the
 * kernel work, including the iptables-restore it spawns), and nothing lands in the namespace it started from.
 */
@KernelTest
class NetnsFlagKernelTest {
    @Test
    void enforcesInsideTheNamedNamespaceOnly() throws Exception {
        String prefix;
        String rootBefore = rootRules();
        try (Lab lab = new Lab()) {
            prefix = lab.prefix;
            Lab.Node node = lab.addNode("node1");
            Lab.Pod xa = lab.addPod(node, "x", "a", Map.of("pod", "a"));
            Lab.Pod ya = lab.addPod(node, "y", "a", Map.of("pod", "a"));
            try (Prober prober = new Prober(lab.pods.values())) {
                Path state = LabState.write(lab, List.of("""
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: deny-ingress, namespace: x}
                        spec: {podSelector: {}, policyTypes: [Ingress]}
                        """));
                Prober.Probe toX = new Prober.Probe(ya, xa, 80, Protocol.TCP);
                Prober.Probe toY = new Prober.Probe(xa, ya, 80, Protocol.TCP);
                assertTrue(prober.probe(List.of(toX), 1000).get(toX), "open before the enforcer runs");
                int exit = PalisadeCommand.run(dev.palisade.cli.Invocation.ofProcess(), "enforce", "--netns", node.netns(), "--node", "node1", "--once",
                        "--from-file", state.toString(), "--deny-action", "REJECT", "--metrics-port", "0");
                assertEquals(0, exit);
                assertFalse(prober.probe(List.of(toX), 1000).get(toX), "x/a is isolated");
                assertTrue(prober.probe(List.of(toY), 1000).get(toY), "y/a is not");
                assertTrue(lab.exec(node.netns(), "iptables-save", "-t", "filter").contains("PALISADE-FORWARD"));
            }
        }
        assertEquals(rootBefore, rootRules(), "the test JVM's own namespace is untouched");
        assertEquals(List.of(), Lab.leftovers(prefix));
    }

    /** The root namespace's filter table without iptables-save's timestamp comments (read only). */
    private static String rootRules() {
        return String.join("\n", Lab.run("iptables-save", "-t", "filter").lines().filter(line -> !line.startsWith("#")).toList());
    }
}

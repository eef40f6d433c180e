package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shortest end-to-end proof: two nodes, three pods, open, then default-deny ingress, then VXLAN on port 8472. */
@KernelTest
class SmokeKernelTest {
    @Test
    void crossNodeDefaultDenyIngress() throws Exception {
        String prefix;
        try (Lab lab = new Lab()) {
            prefix = lab.prefix;
            Lab.Node n1 = lab.addNode("node1");
            Lab.Node n2 = lab.addNode("node2");
            lab.addPod(n1, "x", "a", Map.of("pod", "a"));
            lab.addPod(n2, "x", "b", Map.of("pod", "b"));
            lab.addPod(n2, "y", "a", Map.of("pod", "a"));
            try (Prober prober = new Prober(lab.pods.values())) {
                Path state = LabState.write(lab, List.of());
                EnforcerProcess.onceOnAll(lab, state, "--deny-action", "REJECT");
                var probes = Prober.allPairs(List.copyOf(lab.pods.values()));
                var results = prober.probe(probes, 1000);
                assertEquals(List.of(), ModelTruth.mismatches(state, results));
                state = LabState.write(lab, List.of("""
                        apiVersion: networking.k8s.io/v1
                        kind: NetworkPolicy
                        metadata: {name: deny-ingress, namespace: x}
                        spec: {podSelector: {}, policyTypes: [Ingress]}
                        """));
                EnforcerProcess.onceOnAll(lab, state, "--deny-action", "REJECT");
                results = prober.probe(probes, 1000);
                assertEquals(List.of(), ModelTruth.mismatches(state, results));
                assertTrue(results.values().stream().anyMatch(v -> !v));

                // Flannel's port: the devices are recreated with 8472 and the overlay still carries the traffic.
                EnforcerProcess.onceOnAll(lab, state, "--deny-action", "REJECT", "--vxlan-port", "8472");
                assertTrue(lab.ip(n1.netns(), "-d", "link", "show", EnforcerSettings.DEFAULT_VXLAN_DEVICE).contains("dstport 8472"));
                results = prober.probe(probes, 1000);
                assertEquals(List.of(), ModelTruth.mismatches(state, results));
                assertTrue(results.values().stream().anyMatch(v -> v), "cross-node traffic flows over port 8472");
            }
        }
        assertEquals(List.of(), Lab.leftovers(prefix));
    }
}

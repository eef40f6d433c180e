package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upstream network-policy conformance matrix on the real kernel: namespaces x, y, z with pods a, b, c, each
 * serving TCP and UDP on 80 and 81; per case, the enforcer of every node applies the state once, every ordered pair
 * is probed with real packets, and the result must equal the truth table the NetworkPolicy model computes for the
 * same state, and with the lines a case states by hand ({@link CaseExpectations}: the AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy cases, ANP by priority, then NetworkPolicy, then the baseline). Subclasses place the pods
 * on one node, or spread them so that traffic crosses the VXLAN overlay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PolicyMatrixKernelTest {
    static final List<String> NAMESPACES = List.of("x", "y", "z");
    static final List<String> PODS = List.of("a", "b", "c");
    private Lab lab;
    private Prober prober;

    /** How many nodes the pods are spread over (round robin). */
    abstract int nodeCount();

    /** The deny action the enforcers use (REJECT fails probes fast; DROP is the default). */
    abstract String denyAction();

    @BeforeAll
    void buildLab() throws IOException {
        lab = new Lab();
        try {
            List<Lab.Node> nodes = new ArrayList<>();
            for (int i = 1; i <= nodeCount(); i++) {
                nodes.add(lab.addNode("node" + i));
            }
            int next = 0;
            for (String ns : NAMESPACES) {
                for (String pod : PODS) {
                    lab.addPod(nodes.get(next++ % nodes.size()), ns, pod, Map.of("pod", pod));
                }
            }
            prober = new Prober(lab.pods.values());
        } catch (RuntimeException | IOException e) {
            lab.close();
            throw e;
        }
    }

    @AfterAll
    void removeLab() throws IOException {
        String prefix = lab.prefix;
        try {
            if (prober != null) {
                prober.close();
            }
        } finally {
            lab.close();
        }
        assertEquals(List.of(), Lab.leftovers(prefix), "the lab left namespaces behind");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no-policies", "default-deny-ingress", "default-deny-egress", "allow-all-union", "selectors",
            "ipblock-except", "named-ports", "end-port", "protocol-mismatch", "egress-with-dns", "calico-order", "calico-global",
            "anp-priority", "anp-pass", "banp-baseline", "anp-egress"})
    void packetsMatchTheModel(String name) throws IOException {
        String yaml = name.equals("no-policies") ? "" : caseYaml(name);
        List<String> policies = name.equals("no-policies") ? List.of() : List.of(yaml);
        Path state = LabState.write(lab, policies);
        EnforcerProcess.onceOnAll(lab, state, "--deny-action", denyAction());
        // The matrix is about new connections, and the rules are what it proves. A UDP flow that an earlier case
        // allowed stays ESTABLISHED in conntrack for up to two minutes, and a probe that reuses its source port would
        // ride on it unless the enforcer cut it (EstablishedFlowsKernelTest proves the cut): start every case from an
        // empty table.
        lab.nodes.values().forEach(node -> lab.exec(node.netns(), "conntrack", "-F"));
        List<Prober.Probe> probes = Prober.allPairs(List.copyOf(lab.pods.values()));
        var results = prober.probe(probes, 1000);
        assertEquals(List.of(), ModelTruth.mismatches(state, results), "probes that disagree with the model");
        assertEquals(List.of(), CaseExpectations.violations(yaml, results, ModelTruth.model(state)),
                "probes or verdicts that disagree with the case's stated truth");
        assertTrue(!name.startsWith("anp") && !name.startsWith("banp") || CaseExpectations.count(yaml) >= 5,
                "an AdminNetworkPolicy case states its truth table");
        long allowed = ModelTruth.allowedCount(state, probes);
        assertTrue(name.equals("no-policies") ? allowed == probes.size() : allowed < probes.size(),
                "the case must deny something (or, without policies, allow everything): " + allowed + "/" + probes.size());
    }

    private String caseYaml(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/enforcer/cases/" + name + ".yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Lab.Pod pod : lab.pods.values()) {
                yaml = yaml.replace("${" + pod.key() + "}", pod.ip());
            }
            return yaml;
        }
    }
}

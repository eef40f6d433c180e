package dev.palisade.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectivityMatrixTest {
    private static final String DENY_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-ingress, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;

    private static String print(java.util.function.Consumer<PrintWriter> writer) {
        java.io.StringWriter text = new java.io.StringWriter();
        PrintWriter out = new PrintWriter(text);
        writer.accept(out);
        out.flush();
        return text.toString();
    }

    @Test
    void textGridMarksDeniedColumnsWithX() {
        PolicyModel model = new ConformanceCluster().policy(DENY_X).model();
        ConnectivityMatrix matrix = ConnectivityMatrix.compute(model, List.of(ProbePort.parse("80/TCP")));
        String text = print(out -> MatrixWriter.text(matrix, out));
        assertTrue(text.startsWith("80/TCP  (rows: from, columns: to; . allowed, X denied; 24 of 81 denied)"), text);
        // Row y/a: the three x columns denied, the rest allowed.
        assertTrue(text.contains(" 4 y/a   X X X . . . . . .\n"), text);
        assertTrue(text.contains(" 2 x/b   X . X . . . . . .\n"), "a pod reaches itself: " + text);
    }

    @Test
    void jsonHasOneCellPerPairAndPortWithItsReason() throws Exception {
        PolicyModel model = new ConformanceCluster().policy(DENY_X).model();
        ConnectivityMatrix matrix = ConnectivityMatrix.compute(model, List.of(ProbePort.parse("80"), ProbePort.parse("53/udp")));
        JsonNode json = new ObjectMapper().readTree(print(out -> MatrixWriter.json(matrix, out)));
        assertEquals(2 * 81, json.path("cells").size());
        JsonNode cell = json.path("cells").get(3); // first port, from x/a, to y/a
        assertEquals("x/a", cell.path("from").asText());
        assertEquals("y/a", cell.path("to").asText());
        assertEquals(80, cell.path("port").asInt());
        assertEquals("TCP", cell.path("protocol").asText());
        assertTrue(cell.path("allowed").asBoolean());
        JsonNode denied = json.path("cells").get(81 + 9); // second port, from y/a, to x/a
        assertEquals("UDP", denied.path("protocol").asText());
        assertTrue(!denied.path("allowed").asBoolean());
        assertTrue(denied.path("reason").asText().contains("isolated for ingress by NetworkPolicy x/deny-ingress"),
                denied.path("reason").asText());
    }

    @Test
    void explainNamesThePolicyAndPrintsTheResolvedRules() {
        PolicyModel model = new ConformanceCluster().policy(DENY_X).model();
        String text = print(out -> MatrixWriter.explain(model, model.pod("y/b").orElseThrow(), model.pod("x/c").orElseThrow(),
                ProbePort.parse("81/SCTP"), out));
        assertTrue(text.startsWith("y/b -> x/c on 81/SCTP: DENIED\n"), text);
        assertTrue(text.contains("ingress of x/c: isolated, policies in evaluation order:\n  tier default, order 1000: NetworkPolicy x/deny-ingress"), text);
        assertTrue(text.contains("egress of y/b: not isolated"), text);
    }

    @Test
    void theProductsPodsExampleDeniesOnlyUiToDb() throws Exception {
        String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("examples/netpol-products-pods.yaml"));
        PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(dev.palisade.testing.Lint.objects(yaml)));
        ConnectivityMatrix matrix = ConnectivityMatrix.compute(model, List.of(ProbePort.parse("8080/TCP")));
        List<String> denied = matrix.cells().stream().filter(c -> !c.verdict().allowed())
                .map(c -> c.from().name() + "->" + c.to().name()).toList();
        assertEquals(List.of("products-ui-0->products-db-0"), denied);
        assertTrue(matrix.cell(1, 0, 0).verdict().reason()
                .contains("allowed by NetworkPolicy products-prod/restrict-access-to-business-tier-only ingress rule 1"));
        assertEquals("cal-deny-ingress-from-ui", matrix.cell(2, 0, 0).verdict().policy().ref().name());
    }

    @Test
    void defaultProbePortsAreTheDeclaredOnes() {
        PolicyModel model = new ConformanceCluster().model();
        assertEquals(List.of("80/TCP", "80/UDP", "80/SCTP", "81/TCP", "81/UDP", "81/SCTP"),
                ConnectivityMatrix.declaredPorts(model).stream().map(ProbePort::toString).toList());
    }

    @Test
    void badPortsAreUsageErrors() {
        for (String bad : new String[] {"http", "0/TCP", "80/ICMP", "70000"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ProbePort.parse(bad));
            assertTrue(e.getMessage().contains("expected NUMBER[/TCP|UDP|SCTP]"), e.getMessage());
        }
    }

    @Test
    void theCommandExitsTwoOnUnreadablePoliciesAndUnknownPods() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("netpol", ".yaml");
        try {
            java.nio.file.Files.writeString(file, new ConformanceCluster().manifests() + """
                    ---
                    apiVersion: projectcalico.org/v3
                    kind: NetworkPolicy
                    metadata: {name: broken, namespace: x}
                    spec: {selector: "app = 'x'"}
                    """);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            dev.palisade.cli.Invocation invocation = new dev.palisade.cli.Invocation(InputStream.nullInputStream(),
                    new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(captured, true, StandardCharsets.UTF_8),
                    file.getParent(), false);
            int code = dev.palisade.cli.PalisadeCommand.run(invocation, "netpol", "matrix", file.toString(), "--port", "80", "-f", "json");
            int unknown = dev.palisade.cli.PalisadeCommand.run(invocation, "netpol", "matrix", file.toString(), "--explain", "x/a", "q/q", "80");
            assertEquals(81, new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8)).path("cells").size(),
                    "the table is printed despite the broken policy");
            assertEquals(2, code);
            assertEquals(2, unknown);
            String messages = captured.toString(StandardCharsets.UTF_8);
            assertTrue(messages.contains(":5") || messages.contains("spec.selector"), messages);
            assertTrue(messages.contains("no pod or workload \"q/q\" in the input"), messages);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}

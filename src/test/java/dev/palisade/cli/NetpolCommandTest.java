package dev.palisade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code palisade netpol matrix} on the user's products example: pod CIDRs, "depends" cells, duplicates. */
class NetpolCommandTest {
    private static final Path PRODUCTS = Path.of("examples/netpol-products.yaml").toAbsolutePath();

    @TempDir
    Path folder;

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Invocation invocation = new Invocation(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), folder, false);
        int code = PalisadeCommand.run(invocation, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutPodCidrsTheTemplateCellsOfTheIpBlockPolicyAreMarkedAsDepending() {
        Run run = run("netpol", "matrix", PRODUCTS.toString(), "--port", "8080/TCP");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains(". allowed, X denied, ? depends on the address"), run.out());
        // products-db, products-business, products-ui: business -> db depends on the business pods' addresses.
        assertTrue(run.out().contains(" 2 products-prod/products-business   ? ? ?\n"), run.out());
        assertTrue(run.out().contains(" 3 products-prod/products-ui         X ? ?\n"), "the db denies the UI by label: " + run.out());
    }

    @Test
    void podCidrsInsideTheBlocksAllowAndJsonSaysNullForDepends() throws Exception {
        Run allowed = run("netpol", "matrix", PRODUCTS.toString(), "--port", "8080/TCP", "--pod-cidr", "10.0.0.0/16");
        assertTrue(allowed.out().contains(" 2 products-prod/products-business   . . .\n"), allowed.out());
        Run json = run("netpol", "matrix", PRODUCTS.toString(), "--port", "8080/TCP", "-f", "json");
        JsonNode cell = new ObjectMapper().readTree(json.out()).path("cells").get(3); // business -> db
        assertEquals("products-prod/products-business", cell.path("from").asText());
        assertTrue(cell.path("allowed").isNull(), cell.toString());
        assertTrue(cell.path("reason").asText().contains("depends on the address"), cell.toString());
    }

    @Test
    void podCidrsComeFromTheConfigWhenNotGiven() throws Exception {
        Files.writeString(folder.resolve(".palisade.yaml"), "networkPolicy:\n  podCidrs: [10.244.0.0/16]\n");
        Run run = run("netpol", "matrix", PRODUCTS.toString(), "--port", "8080/TCP");
        assertTrue(run.out().contains(" 2 products-prod/products-business   X X X\n"), "disjoint from both blocks: " + run.out());
        Files.writeString(folder.resolve(".palisade.yaml"), "networkPolicy:\n  podCidrs: 10.244.0.0/16\n");
        Run bad = run("netpol", "matrix", PRODUCTS.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("networkPolicy.podCidrs must be a list of CIDRs"), bad.err());
    }

    @Test
    void explainNamesTheBlocksAndThePodCidrs() {
        Run run = run("netpol", "matrix", PRODUCTS.toString(), "--pod-cidr", "10.0.0.0/15", "--explain",
                "products-prod/products-business", "products-prod/products-db", "8080/TCP");
        assertTrue(run.out().startsWith("products-prod/products-business -> products-prod/products-db on 8080/TCP: DEPENDS ON THE ADDRESS\n"),
                run.out());
        assertTrue(run.out().contains("at 10.0.0.0/16: allowed by NetworkPolicy products-prod/allow-egress-to-private-ranges"), run.out());
        assertTrue(run.out().contains("pod CIDRs (where workload pods get their addresses): 10.0.0.0/15"), run.out());
        assertTrue(run.out().contains("blocks [192.168.0.0/16, 10.0.0.0/16]"), run.out());
    }

    @Test
    void aBadPodCidrIsAUsageError() {
        Run run = run("netpol", "matrix", PRODUCTS.toString(), "--pod-cidr", "10.0.0/16");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("pod CIDR \"10.0.0/16\" is not a CIDR"), run.err());
    }

    @Test
    void theSamePolicyInTwoFilesIsWarnedAboutOnceAndTheLaterOneWins() throws Exception {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-egress-to-private-ranges, namespace: products-prod}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress: [{}]
                """;
        Path later = Files.writeString(folder.resolve("zz-override.yaml"), policy);
        Run run = run("netpol", "matrix", PRODUCTS.toString(), later.toString(), "--port", "8080/TCP", "--explain",
                "products-prod/products-business", "products-prod/products-db", "8080/TCP");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains(": ALLOWED\n"), "the later copy allows all egress: " + run.out());
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("warning ")).count(), run.err());
        assertTrue(run.err().contains("NetworkPolicy products-prod/allow-egress-to-private-ranges is given 2 times ("
                + PRODUCTS + ":57, " + later + ":1); the last one (" + later + ":1) is used"), run.err());
        assertEquals(1, run.out().lines().filter(l -> l.contains("order 1000: NetworkPolicy products-prod/allow-egress-to-private-ranges")).count(),
                "listed once in --explain: " + run.out());
    }
}

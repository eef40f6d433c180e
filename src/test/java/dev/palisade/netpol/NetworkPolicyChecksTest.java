package dev.palisade.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.engine.Finding;
import dev.palisade.engine.Severity;
import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network-policy checks on the user's products example and on the fields they name. */
class NetworkPolicyChecksTest {

    @Test
    void productsExampleReportsTheUnisolatedTiersAtTheirTemplateLabels() {
        List<Finding> findings = Lint.check("netpol-workload-not-isolated", ProductsExample.YAML);
        assertEquals(List.of("products-business", "products-ui"), findings.stream().map(f -> f.object().name()).toList());
        assertEquals("spec.template.metadata.labels", findings.get(0).path());
        assertEquals(Severity.MEDIUM, findings.get(0).severity(), "below the default fail-on (high)");
    }

    @Test
    void theUsersPoliciesAreNotReportedAsOpenOrBroken() {
        for (String check : List.of("netpol-ingress-from-any-address", "netpol-ingress-from-all-namespaces",
                "netpol-egress-allow-all", "netpol-calico-log-without-decision", "netpol-calico-shadowed-deny",
                "netpol-policy-unreadable", "netpol-policy-selects-nothing", "netpol-named-port-unexposed")) {
            assertEquals(List.of(), Lint.check(check, ProductsExample.YAML), check);
        }
    }

    @Test
    void aDefaultDenyInTheNamespaceSilencesTheNamespaceCheckButNotTheWorkloadOne() {
        String yaml = ProductsExample.YAML + """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny, namespace: products-prod}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """;
        assertEquals(List.of(), Lint.check("netpol-namespace-no-default-deny", yaml));
        assertEquals(List.of(), Lint.check("netpol-workload-not-isolated", yaml), "default deny isolates every workload");
        assertEquals(1, Lint.check("netpol-namespace-no-default-deny", ProductsExample.YAML).size());
    }

    @Test
    void openPeerFindingsPointAtThePeer() {
        Finding finding = Lint.check("netpol-ingress-from-all-namespaces", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: shop}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {app: a}}
                    - namespaceSelector: {}
                      podSelector: {matchLabels: {role: monitoring}}
                """).get(0);
        assertEquals("spec.ingress[0].from[1].namespaceSelector", finding.path());
        assertEquals(9, finding.line());
        assertTrue(finding.message().contains("pods labelled role=monitoring in every namespace"), finding.message());
    }

    @Test
    void shadowedDenyNeedsTheAllowToCoverEveryPort() {
        String policy = """
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: g}
                spec:
                  ingress:
                  - action: Allow
                    protocol: TCP
                    destination: {ports: ['80:90']}
                  - action: Deny
                    protocol: TCP
                    destination: {ports: [%s]}
                """;
        assertEquals(1, Lint.check("netpol-calico-shadowed-deny", policy.formatted("85")).size());
        assertEquals(0, Lint.check("netpol-calico-shadowed-deny", policy.formatted("85, 443")).size());
    }

    @Test
    void unreadableFieldsAreReportedAtTheirLine() {
        List<Finding> findings = Lint.check("netpol-policy-unreadable", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: shop}
                spec:
                  podSelector: {}
                  egress:
                  - ports:
                    - {port: 80, endPort: 70}
                """);
        assertEquals(1, findings.size());
        assertEquals(8, findings.get(0).line());
        assertEquals("spec.egress[0].ports[0].endPort", findings.get(0).path());
    }

    @Test
    void aDuplicatePolicyIsReportedOnceOnTheLaterCopyWithBothLines() throws Exception {
        String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/resources/examples/netpol-policy-duplicate/fail.yaml"));
        List<Finding> findings = Lint.check("netpol-policy-duplicate", yaml);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(10, findings.get(0).line(), "on the later copy's metadata");
        assertEquals("metadata.name", findings.get(0).path());
        assertTrue(findings.get(0).message().contains("is given 2 times (") && findings.get(0).message().contains(":1, "),
                findings.get(0).message());
    }
}

package dev.palisade.netpol;

import static dev.palisade.netpol.Protocol.TCP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.testing.Lint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Workload templates have no IP: an ipBlock (or Calico nets) that holds every pod CIDR matches them, one disjoint
 * from all of them does not, and anything else, or no pod CIDR known, "depends on the address".
 */
class TemplateAddressTest {

    private static PolicyModel products(String... podCidrs) throws Exception {
        String yaml = Files.readString(Path.of("examples/netpol-products.yaml"));
        return PolicyModel.of(ClusterSnapshot.fromObjects(Lint.objects(yaml), List.of(podCidrs)));
    }

    private static Verdict businessToDb(PolicyModel model) {
        return model.evaluate(model.pod("products-prod/products-business").orElseThrow(),
                model.pod("products-prod/products-db").orElseThrow(), 8080, TCP);
    }

    @Test
    void withoutPodCidrsAnIpBlockEgressDependsOnTheAddressInsteadOfDenying() throws Exception {
        Verdict verdict = businessToDb(products());
        assertTrue(verdict.depends(), verdict.toString());
        assertFalse(verdict.allowed());
        assertFalse(verdict.denied());
        assertTrue(verdict.reason().contains("no pod CIDRs are known"), verdict.reason());
        assertTrue(verdict.reason().contains("outside 10.0.0.0/16, 192.168.0.0/16: denied: products-prod/products-business is isolated"),
                verdict.reason());
        assertTrue(verdict.reason().contains("at 10.0.0.0/16, 192.168.0.0/16: allowed by NetworkPolicy products-prod/allow-egress-to-private-ranges egress rule 1"),
                verdict.reason());
    }

    @Test
    void aBlockHoldingEveryPodCidrMatchesTheTemplate() throws Exception {
        Verdict verdict = businessToDb(products("10.0.0.0/17", "10.0.128.0/17"));
        assertTrue(verdict.allowed(), verdict.toString());
        assertTrue(verdict.reason().contains("its pods get addresses in the pod CIDRs 10.0.0.0/16"), verdict.reason());
    }

    @Test
    void aBlockDisjointFromEveryPodCidrDoesNotMatch() throws Exception {
        Verdict verdict = businessToDb(products("10.244.0.0/16"));
        assertTrue(verdict.denied(), verdict.toString());
        assertTrue(verdict.reason().contains("isolated for egress by NetworkPolicy products-prod/allow-egress-to-private-ranges"),
                verdict.reason());
    }

    @Test
    void aPartialOverlapDependsAndNamesBothParts() throws Exception {
        Verdict verdict = businessToDb(products("10.0.0.0/15"));
        assertTrue(verdict.depends(), verdict.toString());
        assertTrue(verdict.reason().contains("at 10.0.0.0/16: allowed by"), verdict.reason());
        assertTrue(verdict.reason().contains("at 10.1.0.0/16: denied: products-prod/products-business is isolated for egress"),
                verdict.reason());
    }

    @Test
    void aDefiniteDenyAtTheOtherEndStaysDenied() throws Exception {
        PolicyModel model = products();
        Verdict verdict = model.evaluate(model.pod("products-prod/products-ui").orElseThrow(),
                model.pod("products-prod/products-db").orElseThrow(), 8080, TCP);
        assertTrue(verdict.denied(), "the db's ingress denies the UI by label, whatever the addresses: " + verdict);
    }

    @Test
    void exceptsAndSeveralBlocksAreCountedTogether() {
        String policy = """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: from-blocks, namespace: x}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - ipBlock: {cidr: 10.0.0.0/9, except: [10.0.5.0/24]}
                    - ipBlock: {cidr: 10.128.0.0/9}
                """;
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: x}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: nginx:1.27}]}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: client, namespace: "y"}
                spec:
                  selector: {matchLabels: {app: client}}
                  template:
                    metadata: {labels: {app: client}}
                    spec: {containers: [{name: c, image: curl:8}]}
                """ + policy;
        assertTrue(verdict(yaml, "10.0.0.0/8").depends(), "10.0.5.0/24 is carved out");
        assertTrue(verdict(yaml, "10.1.0.0/16", "10.200.0.0/16").allowed(), "two blocks hold the two CIDRs together");
        assertTrue(verdict(yaml, "10.0.5.0/24").denied(), "the CIDR is all in the except");
        assertTrue(verdict(yaml, "fd00::/48").denied(), "IPv4 blocks never hold an IPv6 CIDR");
        assertTrue(verdict(yaml).depends(), "without pod CIDRs");
    }

    private static Verdict verdict(String yaml, String... cidrs) {
        PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(Lint.objects(yaml), List.of(cidrs)));
        return model.evaluate(model.pod("y/client").orElseThrow(), model.pod("x/web").orElseThrow(), 80, TCP);
    }

    @Test
    void aPodWithAnIpIsStillJudgedByItsAddress() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: from-block, namespace: x}
                spec:
                  podSelector: {}
                  ingress: [{from: [{ipBlock: {cidr: 10.0.2.0/24}}]}]
                """).model();
        assertTrue(model.evaluate(model.pod("y/a").orElseThrow(), model.pod("x/a").orElseThrow(), 80, TCP).allowed());
        assertTrue(model.evaluate(model.pod("z/a").orElseThrow(), model.pod("x/a").orElseThrow(), 80, TCP).denied());
    }

    @Test
    void badPodCidrsAreRejectedWithTheText() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClusterSnapshot.builder().podCidr("10.0.0.0/33"));
        assertTrue(e.getMessage().contains("pod CIDR \"10.0.0.0/33\" is not a CIDR"), e.getMessage());
    }

    @Test
    void aRuleThatNeedsNoAddressDecidesATemplateWithoutCidrs() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """).model();
        PodEndpoint template = new PodEndpoint("y", "deploy", java.util.Map.of("pod", "a"), null, null, List.of());
        Verdict verdict = model.evaluate(template, model.pod("x/a").orElseThrow(), 80, TCP);
        assertTrue(verdict.denied(), verdict.toString());
        assertEquals(-1, verdict.rule());
    }
}

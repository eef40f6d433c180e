package dev.palisade.netpol;

import static dev.palisade.netpol.Protocol.TCP;
import static dev.palisade.netpol.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Calico policies together with Kubernetes ones: order, Deny, Log, Pass, tiers, whole truth tables. */
class CalicoEvaluationTest {

    private static final String DENY_INGRESS_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-ingress, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;
    private static final String ALLOW_ALL_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-all, namespace: x}
            spec:
              podSelector: {}
              ingress: [{}]
            """;

    private static void expect(PolicyModel model, TruthTable table, int port, Protocol protocol) {
        assertEquals("", table.differences(model, port, protocol), "truth table for " + port + "/" + protocol);
    }

    @Test
    void aLowerOrderCalicoDenyBeatsAKubernetesAllow() {
        PolicyModel model = new ConformanceCluster().policy(ALLOW_ALL_X).policy("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: deny-from-b}
                spec:
                  order: 10
                  selector: projectcalico.org/namespace == 'x'
                  types: [Ingress]
                  ingress:
                  - action: Deny
                    source: {selector: pod == 'b'}
                  - action: Pass
                """).model();
        TruthTable table = new TruthTable(true);
        for (String ns : ConformanceCluster.NAMESPACES) {
            ConformanceCluster.PODS.forEach(p -> table.set(ns + "/b", "x/" + p, false));
        }
        expect(model, table, 80, TCP);
        Verdict verdict = model.evaluate(model.pod("y/b").orElseThrow(), model.pod("x/a").orElseThrow(), 80, TCP);
        assertTrue(verdict.reason().contains("denied by Calico GlobalNetworkPolicy deny-from-b ingress rule 1"), verdict.reason());
    }

    @Test
    void aCalicoAllowBeforeKubernetesIsolationEndsEvaluation() {
        PolicyModel model = new ConformanceCluster().policy(DENY_INGRESS_X).policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: allow-from-y, namespace: x}
                spec:
                  order: 500
                  selector: all()
                  ingress:
                  - action: Allow
                    protocol: TCP
                    source: {namespaceSelector: ns == 'y'}
                """).model();
        TruthTable tcp = new TruthTable(true).toNamespace("x", false);
        ConformanceCluster.PODS.forEach(from -> ConformanceCluster.PODS.forEach(to -> tcp.set("y/" + from, "x/" + to, true)));
        expect(model, tcp, 80, TCP);
        expect(model, new TruthTable(true).toNamespace("x", false), 80, UDP);
    }

    @Test
    void aCalicoPolicyWithoutOrderComesAfterKubernetesPolicies() {
        PolicyModel model = new ConformanceCluster().policy(ALLOW_ALL_X).policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: deny-all-late, namespace: x}
                spec:
                  selector: all()
                  ingress:
                  - action: Deny
                """).model();
        expect(model, new TruthTable(true), 80, TCP);
        assertEquals(1000.0, model.rulesFor(model.pod("x/a").orElseThrow(), Direction.INGRESS).policies().get(0).order());
    }

    @Test
    void logContinuesAndTheNextRuleDecides() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: log-then-deny, namespace: x}
                spec:
                  order: 100
                  selector: pod == 'a'
                  types: [Ingress]
                  ingress:
                  - action: Log
                    protocol: TCP
                    source: {selector: pod == 'b'}
                  - action: Deny
                    protocol: TCP
                    source: {selector: pod == 'b'}
                  - action: Allow
                """).model();
        expect(model, new TruthTable(true).set("x/b", "x/a", false), 80, TCP);
        expect(model, new TruthTable(true), 80, UDP);
    }

    @Test
    void passSkipsToTheNextTierAndPassingTheLastTierAllows() {
        ConformanceCluster cluster = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: Tier
                metadata: {name: security}
                spec: {order: 100}
                """).policy("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: security.guard}
                spec:
                  tier: security
                  order: 1
                  selector: projectcalico.org/namespace == 'x'
                  types: [Ingress]
                  ingress:
                  - action: Pass
                    source: {namespaceSelector: ns == 'y'}
                  - action: Deny
                    source: {namespaceSelector: ns == 'z'}
                """);
        // x pods: from y passed (no default-tier policy: profile allows), from z denied, from x end-of-tier denied.
        TruthTable table = new TruthTable(true).toNamespace("x", false);
        ConformanceCluster.PODS.forEach(from -> ConformanceCluster.PODS.forEach(to -> table.set("y/" + from, "x/" + to, true)));
        expect(cluster.model(), table, 80, TCP);

        // With Kubernetes isolation in the default tier, the passed traffic meets it there.
        PolicyModel isolated = cluster.policy(DENY_INGRESS_X).model();
        expect(isolated, new TruthTable(true).toNamespace("x", false), 80, TCP);
        PodRules rules = isolated.rulesFor(isolated.pod("x/a").orElseThrow(), Direction.INGRESS);
        assertEquals(2, rules.tiers().size());
        assertEquals("security", rules.tiers().get(0).name());
        assertEquals("default", rules.tiers().get(1).name());
    }

    @Test
    void calicoPortsRangesAndNamedPortsResolve() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: ports, namespace: x}
                spec:
                  order: 100
                  selector: pod == 'a'
                  ingress:
                  - action: Allow
                    protocol: UDP
                    destination: {ports: ['79:80']}
                  - action: Allow
                    protocol: TCP
                    destination: {ports: [serve-81-tcp]}
                """).model();
        TruthTable isolated = new TruthTable(true).to("x/a", false);
        expect(model, new TruthTable(true), 80, UDP);
        expect(model, isolated, 81, UDP);
        expect(model, new TruthTable(true), 81, TCP);
        expect(model, isolated, 80, TCP);
    }

    @Test
    void calicoEgressToNetsAndSelectorAnd() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: egress, namespace: x}
                spec:
                  order: 100
                  selector: pod == 'a'
                  types: [Egress]
                  egress:
                  - action: Allow
                    destination:
                      namespaceSelector: all()
                      selector: pod == 'c'
                      nets: [10.0.2.0/24]
                """).model();
        expect(model, new TruthTable(true).from("x/a", false).set("x/a", "y/c", true), 80, TCP);
    }

    @Test
    void calicoTypesDefaultFromTheRulesPresent() {
        PolicyModel egressOnly = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: egress-rules, namespace: x}
                spec:
                  order: 10
                  selector: pod == 'a'
                  egress:
                  - action: Allow
                    destination: {selector: pod == 'b'}
                """).model();
        expect(egressOnly, new TruthTable(true).from("x/a", false).set("x/a", "x/b", true), 80, TCP);
        PolicyModel noRules = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: no-rules, namespace: x}
                spec:
                  selector: pod == 'a'
                """).model();
        expect(noRules, new TruthTable(true).to("x/a", false), 80, TCP);
    }

    @Test
    void globalPolicyNamespaceSelectorNarrowsTheSelectedPods() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: isolate-y-and-z}
                spec:
                  namespaceSelector: ns in {'y', 'z'}
                  selector: pod != 'c'
                  types: [Ingress]
                  ingress:
                  - action: Allow
                    source: {selector: pod == 'c'}
                """).model();
        TruthTable table = new TruthTable(true);
        for (String ns : new String[] {"y", "z"}) {
            for (String pod : new String[] {"a", "b"}) {
                table.to(ns + "/" + pod, false);
                for (String from : ConformanceCluster.NAMESPACES) {
                    table.set(from + "/c", ns + "/" + pod, true);
                }
            }
        }
        expect(model, table, 81, UDP);
    }

    @Test
    void theUsersCalicoLogThenDenyPolicyIsUnderstood() {
        PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(dev.palisade.testing.Lint.objects(ProductsExample.YAML)));
        assertTrue(model.errors().isEmpty(), model.errors().toString());
        PodEndpoint db = model.pod("products-prod/products-db").orElseThrow();
        PodEndpoint ui = model.pod("products-prod/products-ui").orElseThrow();
        PodEndpoint business = model.pod("products-prod/products-business").orElseThrow();
        Verdict fromUi = model.evaluate(ui, db, 8080, TCP);
        assertFalse(fromUi.allowed());
        assertTrue(fromUi.reason().contains("cal-deny-ingress-from-ui"), fromUi.reason());
        Verdict fromBusiness = model.evaluate(business, db, 8080, TCP);
        assertFalse(fromBusiness.allowed(), "business pods may reach the db only if their egress allows it: " + fromBusiness.reason());
        assertTrue(fromBusiness.reason().contains("egress"), fromBusiness.reason());
        assertTrue(model.evaluate(Endpoint.of("192.168.3.4"), Endpoint.of(db), 8080, TCP).allowed() == false,
                "an address is no products-business pod");
        PodRules dbIngress = model.rulesFor(db, Direction.INGRESS);
        // Without an order the Calico policy sorts after the Kubernetes policy (order 1000).
        assertEquals(java.util.List.of("NetworkPolicy products-prod/restrict-access-to-business-tier-only",
                "Calico NetworkPolicy products-prod/cal-deny-ingress-from-ui"),
                dbIngress.policies().stream().map(ResolvedPolicy::describe).toList());
        assertEquals(java.util.List.of(RuleAction.LOG, RuleAction.DENY),
                dbIngress.policies().get(1).rules().stream().map(ResolvedRule::action).toList());
    }
}

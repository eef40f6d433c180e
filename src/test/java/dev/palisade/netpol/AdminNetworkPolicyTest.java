package dev.palisade.netpol;

import static dev.palisade.netpol.Protocol.TCP;
import static dev.palisade.netpol.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.testing.Lint;
import org.junit.jupiter.api.Test;

/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy as the network-policy API project's conformance tests check them
 * (admin-network-policy-core-*: priority, Allow/Deny/Pass, gress rules per protocol, integration with
 * NetworkPolicy and BANP), as whole truth tables on the conformance pods x, y, z × a, b, c.
 */
class AdminNetworkPolicyTest {
    private static final String ANP = """
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: %s}
            spec:
              priority: %d
              subject: {namespaces: {matchLabels: {ns: x}}}
              ingress:
              - {name: r, action: %s, from: [{namespaces: {matchLabels: {ns: "%s"}}}]}
            """;
    private static final String ALLOW_ALL_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-all, namespace: x}
            spec: {podSelector: {}, ingress: [{}]}
            """;
    private static final String DENY_ALL_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all, namespace: x}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;

    private static void expect(PolicyModel model, TruthTable table, int port, Protocol protocol) {
        assertEquals("", table.differences(model, port, protocol), "truth table for " + port + "/" + protocol);
    }

    private static TruthTable fromNamespaceToX(boolean initial, String ns, boolean allowed) {
        TruthTable table = new TruthTable(initial);
        ConformanceCluster.PODS.forEach(f -> ConformanceCluster.PODS.forEach(t -> table.set(ns + "/" + f, "x/" + t, allowed)));
        return table;
    }

    @Test
    void anAdminDenyBeatsANetworkPolicyAllow() {
        PolicyModel model = new ConformanceCluster().policy(ALLOW_ALL_X).policy(ANP.formatted("deny-y", 10, "Deny", "y")).model();
        expect(model, fromNamespaceToX(true, "y", false), 80, TCP);
        Verdict verdict = model.evaluate(model.pod("y/a").orElseThrow(), model.pod("x/b").orElseThrow(), 80, TCP);
        assertTrue(verdict.reason().contains("denied by AdminNetworkPolicy deny-y ingress rule 1"), verdict.reason());
    }

    @Test
    void anAdminAllowBeatsANetworkPolicyDeny() {
        PolicyModel model = new ConformanceCluster().policy(DENY_ALL_X).policy(ANP.formatted("allow-z", 10, "Allow", "z")).model();
        TruthTable table = new TruthTable(true).toNamespace("x", false);
        ConformanceCluster.PODS.forEach(f -> ConformanceCluster.PODS.forEach(t -> table.set("z/" + f, "x/" + t, true)));
        expect(model, table, 80, TCP);
    }

    @Test
    void lowerPriorityValuesComeFirst() {
        PolicyModel model = new ConformanceCluster().policy(ANP.formatted("allow-y", 5, "Allow", "y"))
                .policy(ANP.formatted("deny-y", 10, "Deny", "y")).model();
        expect(model, new TruthTable(true), 80, TCP);
        PolicyModel swapped = new ConformanceCluster().policy(ANP.formatted("allow-y", 15, "Allow", "y"))
                .policy(ANP.formatted("deny-y", 10, "Deny", "y")).model();
        expect(swapped, fromNamespaceToX(true, "y", false), 80, TCP);
    }

    @Test
    void passSkipsTheRemainingAdminRulesToNetworkPolicyThenBaseline() {
        String baseline = """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: BaselineAdminNetworkPolicy
                metadata: {name: default}
                spec:
                  subject: {namespaces: {matchLabels: {ns: x}}}
                  ingress:
                  - {action: Allow, from: [{pods: {namespaceSelector: {matchLabels: {ns: "y"}}, podSelector: {matchLabels: {pod: a}}}}]}
                  - {action: Deny, from: [{namespaces: {}}]}
                """;
        PolicyModel model = new ConformanceCluster().policy(ANP.formatted("pass-y", 10, "Pass", "y"))
                .policy(ANP.formatted("deny-y", 20, "Deny", "y")).policy(baseline).model();
        // y passes the ANP layer; no NetworkPolicy selects x, so the baseline decides: y/a allowed, the rest denied.
        TruthTable table = new TruthTable(true).toNamespace("x", false);
        ConformanceCluster.PODS.forEach(t -> table.set("y/a", "x/" + t, true));
        expect(model, table, 80, TCP);
        // With a NetworkPolicy selecting x, passed traffic is decided there and never reaches the baseline.
        PolicyModel withPolicy = new ConformanceCluster().policy(ANP.formatted("pass-y", 10, "Pass", "y"))
                .policy(baseline).policy(ALLOW_ALL_X).model();
        expect(withPolicy, new TruthTable(true), 80, TCP);
        assertFalse(model.isolated(model.pod("x/a").orElseThrow(), Direction.INGRESS), "admin policies pass what they leave undecided");
    }

    @Test
    void egressPortsRangesNamedPortsNetworksAndNodes() {
        String egress = """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: egress}
                spec:
                  priority: 30
                  subject: {pods: {namespaceSelector: {matchLabels: {ns: x}}, podSelector: {matchLabels: {pod: a}}}}
                  egress:
                  - action: Deny
                    to: [{namespaces: {matchLabels: {ns: "y"}}}]
                    ports: [{portRange: {protocol: TCP, start: 80, end: 80}}, {namedPort: serve-81-udp}]
                  - action: Deny
                    to: [{networks: [10.0.3.0/30]}]
                  - action: Deny
                    to: [{nodes: {matchLabels: {role: infra}}}]
                """;
        String node = """
                apiVersion: v1
                kind: Node
                metadata: {name: infra-1, labels: {role: infra}}
                status: {addresses: [{type: InternalIP, address: 192.168.50.1}]}
                """;
        PolicyModel model = new ConformanceCluster().policy(egress).policy(node).model();
        TruthTable tcp80 = new TruthTable(true);
        ConformanceCluster.PODS.forEach(t -> tcp80.set("x/a", "y/" + t, false));
        tcp80.set("x/a", "z/a", false).set("x/a", "z/b", false).set("x/a", "z/c", false);
        expect(model, tcp80, 80, TCP);
        TruthTable udp81 = new TruthTable(true);
        ConformanceCluster.PODS.forEach(t -> udp81.set("x/a", "y/" + t, false));
        udp81.set("x/a", "z/a", false).set("x/a", "z/b", false).set("x/a", "z/c", false);
        expect(model, udp81, 81, UDP);
        TruthTable tcp81 = new TruthTable(true).set("x/a", "z/a", false).set("x/a", "z/b", false).set("x/a", "z/c", false);
        expect(model, tcp81, 81, TCP);
        PodEndpoint xa = model.pod("x/a").orElseThrow();
        assertTrue(model.evaluate(Endpoint.of(xa), Endpoint.of("192.168.50.1"), 443, TCP).denied(), "the infra node's address");
        assertTrue(model.evaluate(Endpoint.of(xa), Endpoint.of("192.168.50.2"), 443, TCP).allowed());
    }

    @Test
    void aPeerThatCannotBeModelledFailsClosed() {
        String yaml = """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: domains}
                spec:
                  priority: 1
                  subject: {namespaces: {matchLabels: {ns: x}}}
                  egress:
                  - {action: Allow, to: [{domainNames: [example.com]}]}
                  - {action: Deny, to: [{somethingNew: {}}]}
                """;
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(Lint.objects(new ConformanceCluster().manifests() + "---\n" + yaml));
        assertEquals(2, snapshot.errors().size(), snapshot.errors().toString());
        PolicyModel model = PolicyModel.of(snapshot);
        TruthTable table = new TruthTable(true).fromNamespace("x", false);
        assertEquals("", table.differences(model, 80, TCP), "the Allow matches nothing, the Deny everything");
    }

    @Test
    void theLintChecksReadAdminPolicies() {
        String yaml = """
                apiVersion: policy.networking.k8s.io/v1alpha1
                kind: AdminNetworkPolicy
                metadata: {name: broken}
                spec: {priority: 2000, subject: {namespaces: {}}}
                """;
        assertEquals(1, Lint.check("netpol-policy-unreadable", yaml).size());
    }
}

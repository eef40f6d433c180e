package dev.palisade.netpol;

import static dev.palisade.netpol.Protocol.SCTP;
import static dev.palisade.netpol.Protocol.TCP;
import static dev.palisade.netpol.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The upstream Kubernetes network-policy conformance cases (test/e2e/network/netpol), rebuilt on the model: the
 * same namespaces, pods, ports and policies, and the whole truth table compared per port and protocol.
 */
class KubernetesConformanceTest {

    private static void expect(PolicyModel model, TruthTable table, int port, Protocol protocol) {
        assertEquals("", table.differences(model, port, protocol), "truth table for " + port + "/" + protocol);
    }

    private static void expectAllProtocols(PolicyModel model, TruthTable table, int port) {
        for (Protocol protocol : new Protocol[] {TCP, UDP, SCTP}) {
            expect(model, table, port, protocol);
        }
    }

    @Test
    void withoutPoliciesEverythingIsAllowed() {
        PolicyModel model = new ConformanceCluster().model();
        expectAllProtocols(model, new TruthTable(true), 80);
        expectAllProtocols(model, new TruthTable(true), 81);
    }

    @Test
    void defaultDenyIngressIsolatesEveryPodOfTheNamespace() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-ingress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                """).model();
        TruthTable table = new TruthTable(true).toNamespace("x", false);
        expectAllProtocols(model, table, 80);
        expectAllProtocols(model, table, 81);
    }

    @Test
    void defaultDenyEgressBlocksEverythingLeavingTheNamespace() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                """).model();
        expectAllProtocols(model, new TruthTable(true).fromNamespace("x", false), 80);
    }

    @Test
    void defaultDenyAllBlocksBothDirections() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                """).model();
        expectAllProtocols(model, new TruthTable(true).fromNamespace("x", false).toNamespace("x", false), 81);
    }

    @Test
    void allowAllIngressIsAUnionWithDefaultDeny() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-ingress, namespace: x}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """).policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all, namespace: x}
                spec:
                  podSelector: {}
                  ingress:
                  - {}
                """).model();
        expectAllProtocols(model, new TruthTable(true), 80);
    }

    @Test
    void podSelectorAlonePeersOnlyWithPodsOfThePolicyNamespace() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-b, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {pod: b}}
                """).model();
        expect(model, new TruthTable(true).to("x/a", false).set("x/b", "x/a", true), 80, TCP);
    }

    @Test
    void namespaceSelectorAloneAllowsEveryPodOfMatchingNamespaces() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {ns: "y"}}
                """).model();
        TruthTable table = new TruthTable(true).to("x/a", false);
        ConformanceCluster.PODS.forEach(p -> table.set("y/" + p, "x/a", true));
        expect(model, table, 80, TCP);
    }

    @Test
    void defaultNamespaceNameLabelIsAlwaysThere() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "y"}}
                """).model();
        TruthTable table = new TruthTable(true).to("x/a", false);
        ConformanceCluster.PODS.forEach(p -> table.set("y/" + p, "x/a", true));
        expect(model, table, 81, TCP);
    }

    @Test
    void podSelectorMatchExpressionsIn() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-expr, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from:
                    - podSelector:
                        matchExpressions: [{key: pod, operator: In, values: [b]}]
                """).model();
        expect(model, new TruthTable(true).to("x/a", false).set("x/b", "x/a", true), 80, TCP);
    }

    @Test
    void namespaceSelectorMatchExpressionsNotInAndExists() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-expr, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from:
                    - namespaceSelector:
                        matchExpressions:
                        - {key: ns, operator: NotIn, values: [x]}
                        - {key: ns, operator: Exists}
                        - {key: missing, operator: DoesNotExist}
                """).model();
        TruthTable table = new TruthTable(true).to("x/a", false);
        for (String ns : new String[] {"y", "z"}) {
            ConformanceCluster.PODS.forEach(p -> table.set(ns + "/" + p, "x/a", true));
        }
        expect(model, table, 80, TCP);
    }

    @Test
    void podSelectorOrNamespaceSelectorInTwoPeers() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-or, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from:
                    - namespaceSelector:
                        matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
                    - podSelector: {matchLabels: {pod: b}}
                """).model();
        TruthTable table = new TruthTable(true).to("x/a", false).set("x/b", "x/a", true);
        for (String ns : new String[] {"y", "z"}) {
            ConformanceCluster.PODS.forEach(p -> table.set(ns + "/" + p, "x/a", true));
        }
        expect(model, table, 80, TCP);
    }

    @Test
    void podSelectorAndNamespaceSelectorInOnePeer() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-and, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from:
                    - namespaceSelector:
                        matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
                      podSelector:
                        matchExpressions: [{key: pod, operator: In, values: [b, c]}]
                """).model();
        TruthTable table = new TruthTable(true).to("x/a", false)
                .set("y/b", "x/a", true).set("y/c", "x/a", true).set("z/b", "x/a", true).set("z/c", "x/a", true);
        expect(model, table, 80, TCP);
    }

    @Test
    void emptyPodSelectorInPeerMeansEveryPodOfTheNamespace() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: same-ns, namespace: x}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - podSelector: {}
                """).model();
        TruthTable table = new TruthTable(true).toNamespace("x", false);
        ConformanceCluster.PODS.forEach(from -> ConformanceCluster.PODS.forEach(to -> table.set("x/" + from, "x/" + to, true)));
        expect(model, table, 80, UDP);
    }

    @Test
    void portsAreAllowedPerNumberAndStackedPoliciesUnite() {
        ConformanceCluster cluster = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-81-from-y, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]
                    ports: [{port: 81, protocol: TCP}]
                """);
        PolicyModel model = cluster.model();
        TruthTable only81 = new TruthTable(true).to("x/a", false);
        ConformanceCluster.PODS.forEach(p -> only81.set("y/" + p, "x/a", true));
        expect(model, new TruthTable(true).to("x/a", false), 80, TCP);
        expect(model, only81, 81, TCP);

        PolicyModel stacked = cluster.policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-80-from-y, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]
                    ports: [{port: 80}]
                """).model();
        expect(stacked, only81, 80, TCP);
        expect(stacked, only81, 81, TCP);
    }

    @Test
    void namedIngressPortResolvesOnTheSelectedPodByNameAndProtocol() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-named, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - ports: [{port: serve-81-udp, protocol: UDP}]
                """).model();
        TruthTable isolated = new TruthTable(true).to("x/a", false);
        expect(model, isolated, 80, UDP);
        expect(model, new TruthTable(true), 81, UDP);
        expect(model, isolated, 81, TCP);
    }

    @Test
    void namedPortWithTheWrongProtocolMatchesNothing() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: named-wrong-protocol, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - ports: [{port: serve-81-udp, protocol: TCP}]
                """).model();
        TruthTable isolated = new TruthTable(true).to("x/a", false);
        expect(model, isolated, 81, TCP);
        expect(model, isolated, 81, UDP);
    }

    @Test
    void namedEgressPortResolvesOnTheDestinationPodWithDns() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-egress-named, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - ports: [{port: serve-80-tcp}]
                  - ports: [{port: 53, protocol: UDP}]
                """).model();
        expect(model, new TruthTable(true), 80, TCP);
        expect(model, new TruthTable(true).from("x/a", false), 81, TCP);
        expect(model, new TruthTable(true).from("x/a", false), 80, UDP);
        assertEquals(true, model.evaluate(Endpoint.of(model.pod("x/a").orElseThrow()), Endpoint.of("10.96.0.10"), 53, UDP).allowed(),
                "DNS to a cluster IP stays allowed");
        assertEquals(false, model.evaluate(Endpoint.of(model.pod("x/a").orElseThrow()), Endpoint.of("10.96.0.10"), 80, TCP).allowed(),
                "a named port never resolves on an address that is no pod");
    }

    @Test
    void endPortAllowsARange() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: range, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - ports: [{port: 80, endPort: 81, protocol: SCTP}]
                """).model();
        expect(model, new TruthTable(true), 80, SCTP);
        expect(model, new TruthTable(true), 81, SCTP);
        expect(model, new TruthTable(true).to("x/a", false), 81, TCP);

        PolicyModel narrow = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: range, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - ports: [{port: 70, endPort: 80}]
                """).model();
        expect(narrow, new TruthTable(true), 80, TCP);
        expect(narrow, new TruthTable(true).to("x/a", false), 81, TCP);
    }

    @Test
    void aPortWithoutNumberMeansEveryPortOfThatProtocol() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: any-tcp, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - ports: [{protocol: TCP}]
                """).model();
        expect(model, new TruthTable(true), 80, TCP);
        expect(model, new TruthTable(true), 81, TCP);
        expect(model, new TruthTable(true).to("x/a", false), 80, UDP);
        expect(model, new TruthTable(true).to("x/a", false), 81, SCTP);
    }

    @Test
    void protocolMismatchDenies() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: udp-only, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - ports: [{port: 80, protocol: UDP}]
                """).model();
        expect(model, new TruthTable(true).to("x/a", false), 80, TCP);
        expect(model, new TruthTable(true), 80, UDP);
        expect(model, new TruthTable(true).to("x/a", false), 80, SCTP);
    }

    @Test
    void egressToACidrBlockMatchesPodIps() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-cidr, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{ipBlock: {cidr: 10.0.2.2/32}}]
                """).model();
        expect(model, new TruthTable(true).from("x/a", false).set("x/a", "y/b", true), 80, TCP);
    }

    @Test
    void ipBlockExceptCarvesAHoleAndASecondPolicyFillsIt() {
        ConformanceCluster cluster = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-except, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{ipBlock: {cidr: 10.0.1.0/24, except: [10.0.1.2/32]}}]
                """);
        TruthTable table = new TruthTable(true).from("x/a", false).set("x/a", "x/c", true);
        expect(cluster.model(), table, 80, TCP);
        PolicyModel filled = cluster.policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-hole, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{ipBlock: {cidr: 10.0.1.2/32}}]
                """).model();
        expect(filled, table.set("x/a", "x/b", true), 80, TCP);
    }

    @Test
    void ingressAndEgressAreControlledIndependently() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: both, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - from: [{podSelector: {matchLabels: {pod: b}}}]
                  egress:
                  - to: [{namespaceSelector: {matchLabels: {ns: "y"}}, podSelector: {matchLabels: {pod: a}}}]
                """).model();
        TruthTable table = new TruthTable(true).to("x/a", false).from("x/a", false)
                .set("x/b", "x/a", true).set("x/a", "y/a", true);
        expect(model, table, 80, TCP);
    }

    @Test
    void egressDenyAtTheClientWinsOverIngressAllowAtTheServer() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-egress-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                """).policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-ingress, namespace: "y"}
                spec:
                  podSelector: {}
                  ingress: [{}]
                """).model();
        expect(model, new TruthTable(true).from("x/a", false), 80, TCP);
    }

    @Test
    void policyTypesDefaultToIngressPlusEgressWhenThereAreEgressRules() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-rules-only, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  egress:
                  - to: [{podSelector: {matchLabels: {pod: b}}}]
                """).model();
        TruthTable table = new TruthTable(true).to("x/a", false).from("x/a", false).set("x/a", "x/b", true);
        expect(model, table, 80, TCP);
    }

    @Test
    void ingressRulesAreIgnoredWhenPolicyTypesSayEgressOnly() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-type, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  ingress:
                  - from: [{podSelector: {matchLabels: {pod: b}}}]
                  egress: [{}]
                """).model();
        expect(model, new TruthTable(true), 80, TCP);
    }

    @Test
    void updatedPodLabelsChangeTheTable() {
        ConformanceCluster cluster = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-updated-pod, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from: [{podSelector: {matchLabels: {pod2: updated}}}]
                """);
        TruthTable before = new TruthTable(true).to("x/a", false);
        expect(cluster.model(), before, 80, TCP);
        cluster.labelPod("x/b", "pod2", "updated");
        expect(cluster.model(), new TruthTable(true).to("x/a", false).set("x/b", "x/a", true), 80, TCP);
    }

    @Test
    void updatedNamespaceLabelsChangeTheTable() {
        ConformanceCluster cluster = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-updated-ns, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {ns2: updated}}}]
                """);
        expect(cluster.model(), new TruthTable(true).to("x/a", false), 80, TCP);
        cluster.labelNamespace("y", "ns2", "updated");
        TruthTable after = new TruthTable(true).to("x/a", false);
        ConformanceCluster.PODS.forEach(p -> after.set("y/" + p, "x/a", true));
        expect(cluster.model(), after, 80, TCP);
    }

    @Test
    void relabellingTheSelectedPodOutOfAPolicyUnisolatesIt() {
        ConformanceCluster cluster = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                """);
        expect(cluster.model(), new TruthTable(true).to("x/a", false), 80, TCP);
        cluster.labelPod("x/a", "pod", "a-renamed");
        expect(cluster.model(), new TruthTable(true), 80, TCP);
    }

    @Test
    void anEmptyPolicyTypesListIsDefaultedLikeAMissingOne() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: empty-types, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: []
                """).model();
        expect(model, new TruthTable(true).to("x/a", false), 80, TCP);
    }

    @Test
    void aPodReachesItselfButAWorkloadsReplicasArePoliced() {
        PolicyModel pods = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                """).model();
        PodEndpoint a = pods.pod("x/a").orElseThrow();
        assertEquals(true, pods.evaluate(a, a, 80, TCP).allowed());
        PolicyModel workloads = PolicyModel.of(ClusterSnapshot.fromObjects(dev.palisade.testing.Lint.objects("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: x}
                spec:
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: nginx:1.27}]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """)));
        PodEndpoint web = workloads.pod("x/web").orElseThrow();
        assertEquals(false, workloads.evaluate(web, web, 80, TCP).allowed(), "replica to replica is isolated");
    }

    @Test
    void allowIngressForATargetOverNamespaceDefaultDeny() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """).policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-to-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from: [{podSelector: {}, namespaceSelector: {}}]
                """).model();
        expect(model, new TruthTable(true).to("x/b", false).to("x/c", false), 80, TCP);
    }

    @Test
    void emptyNamespaceSelectorAllowsFromEveryNamespace() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-from-another-ns, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {}}}]
                """).model();
        expect(model, new TruthTable(true), 80, TCP);
    }

    @Test
    void emptyPodSelectorPeerDeniesOtherNamespaces() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-empty-policy, namespace: x}
                spec:
                  podSelector: {}
                  ingress:
                  - from: [{podSelector: {matchLabels: {}}}]
                """).model();
        TruthTable table = new TruthTable(true);
        for (String ns : new String[] {"y", "z"}) {
            ConformanceCluster.PODS.forEach(from -> ConformanceCluster.PODS.forEach(to -> table.set(ns + "/" + from, "x/" + to, false)));
        }
        expect(model, table, 80, TCP);
    }

    @Test
    void aPodRelabelledIntoADenyPolicyBecomesIsolated() {
        ConformanceCluster cluster = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-ingress-via-label-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {target: isolated}}
                  policyTypes: [Ingress]
                """);
        expect(cluster.model(), new TruthTable(true), 80, TCP);
        cluster.labelPod("x/a", "target", "isolated");
        expect(cluster.model(), new TruthTable(true).to("x/a", false), 80, TCP);
    }

    @Test
    void anAllowAllPolicyUpdatedToDenyAll() {
        String allowAll = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-mutate-to-deny-all, namespace: x}
                spec:
                  podSelector: {}
                  ingress: [{}]
                """;
        expect(new ConformanceCluster().policy(allowAll).model(), new TruthTable(true), 81, TCP);
        expect(new ConformanceCluster().policy(allowAll.replace("ingress: [{}]", "ingress: []")).model(),
                new TruthTable(true).toNamespace("x", false), 81, TCP);
    }

    @Test
    void ingressAndEgressTogetherWithAnEgressPortOnly() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-pod-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress, Ingress]
                  ingress:
                  - from: [{podSelector: {matchLabels: {pod: b}}}]
                  egress:
                  - ports: [{port: 80}]
                """).model();
        expect(model, new TruthTable(true).to("x/a", false).set("x/b", "x/a", true), 80, TCP);
        expect(model, new TruthTable(true).to("x/a", false).from("x/a", false).set("x/b", "x/a", true), 81, TCP);
    }

    @Test
    void clientSideEgressDenyEvenWhenTheServerAllows() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-to-ns-y-pod-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "y"}}, podSelector: {matchLabels: {pod: a}}}]
                """).policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-from-xa-on-ya, namespace: "y"}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}, podSelector: {matchLabels: {pod: a}}}]
                """).policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-from-xa-on-yb, namespace: "y"}
                spec:
                  podSelector: {matchLabels: {pod: b}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}, podSelector: {matchLabels: {pod: a}}}]
                """).model();
        TruthTable table = new TruthTable(true).from("x/a", false).to("y/a", false).to("y/b", false).set("x/a", "y/a", true);
        expect(model, table, 80, TCP);
    }

    @Test
    void anSctpOnlyAllowIsNotTreatedAsTcpAndStillIsolates() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-only-sctp-ingress-on-port-80, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  ingress:
                  - ports: [{port: 80, protocol: SCTP}]
                """).model();
        expect(model, new TruthTable(true).to("x/a", false), 81, TCP);
        expect(model, new TruthTable(true).to("x/a", false), 80, TCP);
        expect(model, new TruthTable(true), 80, SCTP);
        expect(model, new TruthTable(true).to("x/a", false), 81, SCTP);
    }

    @Test
    void egressNamespaceSelectorNotInOnTheDefaultNamespaceLabel() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-match-selector-for-immutable-ns-label, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  egress:
                  - to:
                    - namespaceSelector:
                        matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: ["y"]}]
                """).model();
        TruthTable table = new TruthTable(true).to("x/a", false);
        ConformanceCluster.PODS.forEach(p -> table.set("x/a", "y/" + p, false));
        expect(model, table, 80, TCP);
    }

    @Test
    void ownNodeTrafficIsAlwaysAllowed() {
        String node = """
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: node-x}
                status:
                  addresses: [{type: InternalIP, address: 192.168.5.10}]
                """;
        ConformanceCluster cluster = new ConformanceCluster().policy("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                """);
        PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(dev.palisade.testing.Lint.objects(cluster.manifests() + node)));
        PodEndpoint a = model.pod("x/a").orElseThrow();
        assertEquals(true, model.evaluate(Endpoint.of("192.168.5.10"), Endpoint.of(a), 8080, TCP).allowed());
        assertEquals(false, model.evaluate(Endpoint.of("192.168.5.11"), Endpoint.of(a), 8080, TCP).allowed());
        assertEquals(true, model.evaluate(Endpoint.of(a), Endpoint.of("192.168.5.10"), 10250, TCP).allowed(),
                "egress from an isolated pod to its own node");
        assertEquals(false, model.evaluate(Endpoint.of(a), Endpoint.of("192.168.5.11"), 10250, TCP).allowed(),
                "egress to another node stays denied");
    }
}

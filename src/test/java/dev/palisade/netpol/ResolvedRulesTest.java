package dev.palisade.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.testing.Lint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The enforcer's view: resolved peers (pod IPs, blocks with excepts) and ports (named ports as numbers). */
class ResolvedRulesTest {
    private static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web1, namespace: shop, labels: {app: web}}
            spec:
              containers: [{name: c, image: nginx:1.27, ports: [{name: http, containerPort: 8080}]}]
            status: {podIP: 10.1.0.1}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web2, namespace: shop, labels: {app: web}}
            spec:
              containers: [{name: c, image: nginx:1.27, ports: [{name: http, containerPort: 9090}]}]
            status: {podIP: 10.1.0.2}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: shop, labels: {app: client}}
            spec:
              containers: [{name: c, image: curl:8.10}]
            status: {podIP: 10.1.0.3}
            ---
            """;

    private static PolicyModel model(String policies) {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(Lint.objects(PODS + policies));
        assertTrue(snapshot.errors().isEmpty(), snapshot.errors().toString());
        return PolicyModel.of(snapshot);
    }

    @Test
    void egressNamedPortGivesOneMatchPerNumberWithItsPods() {
        PolicyModel model = model("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: client-egress, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: client}}
                  policyTypes: [Egress]
                  egress:
                  - to: [{podSelector: {matchLabels: {app: web}}}]
                    ports: [{port: http}]
                """);
        PodRules rules = model.rulesFor(model.pod("shop/client").orElseThrow(), Direction.EGRESS);
        List<RuleMatch> matches = rules.policies().get(0).rules().get(0).matches();
        assertEquals(2, matches.size());
        assertEquals(PortMatch.of(Protocol.TCP, 8080), matches.get(0).port());
        assertEquals(List.of("10.1.0.1"), matches.get(0).peers().podIps());
        assertEquals(PortMatch.of(Protocol.TCP, 9090), matches.get(1).port());
        assertEquals(List.of("10.1.0.2"), matches.get(1).peers().podIps());
        PodEndpoint client = model.pod("shop/client").orElseThrow();
        assertTrue(model.evaluate(client, model.pod("shop/web1").orElseThrow(), 8080, Protocol.TCP).allowed());
        assertTrue(!model.evaluate(client, model.pod("shop/web1").orElseThrow(), 9090, Protocol.TCP).allowed());
        assertTrue(model.evaluate(client, model.pod("shop/web2").orElseThrow(), 9090, Protocol.TCP).allowed());
    }

    @Test
    void ingressNamedPortResolvesOnTheSelectedPod() {
        PolicyModel model = model("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-ingress, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  ingress:
                  - from: [{ipBlock: {cidr: 10.1.0.0/16, except: [10.1.0.2/32]}}]
                    ports: [{port: http}]
                """);
        RuleMatch web1 = model.rulesFor(model.pod("shop/web1").orElseThrow(), Direction.INGRESS)
                .policies().get(0).rules().get(0).matches().get(0);
        RuleMatch web2 = model.rulesFor(model.pod("shop/web2").orElseThrow(), Direction.INGRESS)
                .policies().get(0).rules().get(0).matches().get(0);
        assertEquals(PortMatch.of(Protocol.TCP, 8080), web1.port());
        assertEquals(PortMatch.of(Protocol.TCP, 9090), web2.port());
        assertEquals(List.of(new IpBlock("10.1.0.0/16", List.of("10.1.0.2/32"))), web1.peers().blocks());
        assertTrue(web1.peers().pods().isEmpty());
    }

    @Test
    void aPodOutsideTheSnapshotCanBeAsked() {
        PolicyModel model = model("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: shop}
                spec: {podSelector: {matchLabels: {app: web}}}
                """);
        PodEndpoint newPod = new PodEndpoint("shop", "web3", Map.of("app", "web"), null, null, List.of());
        assertTrue(model.isolated(newPod, Direction.INGRESS));
        assertTrue(!model.isolated(newPod, Direction.EGRESS));
        assertEquals(1, model.selectingPolicies(newPod, Direction.INGRESS).size());
        assertTrue(!model.isolated(newPod.withLabels(Map.of("app", "other")), Direction.INGRESS));
    }

    @Test
    void workloadTemplatesStandForTheirPods() {
        PodEndpoint pod = PodEndpoint.from(Lint.objects("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: report}
                spec:
                  schedule: "0 * * * *"
                  jobTemplate:
                    spec:
                      template:
                        metadata: {labels: {app: report}}
                        spec:
                          containers: [{name: c, image: r:1, ports: [{name: metrics, containerPort: 9100, protocol: UDP}]}]
                """).get(0)).orElseThrow();
        assertEquals("default/report", pod.key());
        assertEquals(Map.of("app", "report"), pod.labels());
        assertEquals(List.of(new ContainerPort("metrics", 9100, Protocol.UDP)), pod.ports());
        assertEquals(null, pod.podIP());
    }
}

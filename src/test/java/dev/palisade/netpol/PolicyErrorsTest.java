package dev.palisade.netpol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken selectors and policies become errors with file:line; the model never throws on input. */
class PolicyErrorsTest {

    @Test
    void aBrokenCalicoSelectorIsAnErrorAtItsLine() {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(Lint.objects("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: broken, namespace: x}
                spec:
                  selector: app = 'db'
                  ingress: [{action: Allow}]
                """));
        assertTrue(snapshot.policies().isEmpty());
        assertEquals(1, snapshot.errors().size());
        PolicyError error = snapshot.errors().get(0);
        assertEquals(5, error.line());
        assertEquals("spec.selector", error.path());
        assertTrue(error.toString().startsWith("test.yaml:5: NetworkPolicy/x/broken spec.selector: selector \"app = 'db'\""),
                error.toString());
    }

    @Test
    void aBrokenPeerIsLeftOutAndReported() {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(Lint.objects("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: x}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - ipBlock: {cidr: 10.0.0.0/33}
                    - podSelector: {matchExpressions: [{key: a, operator: Has}]}
                    - podSelector: {matchLabels: {app: ok}}
                    ports:
                    - {port: 80, endPort: 70}
                    - {port: 443}
                """));
        List<PolicyError> errors = snapshot.errors();
        assertEquals(List.of(8, 9, 12), errors.stream().map(PolicyError::line).toList(), errors.toString());
        KubernetesNetworkPolicy policy = (KubernetesNetworkPolicy) snapshot.policies().get(0);
        assertEquals(1, policy.ingress().get(0).peers().size());
        assertEquals(List.of(NetworkPolicyPort.range(Protocol.TCP, 443, 443)), policy.ingress().get(0).ports());
    }

    @Test
    void unmodelledCalicoFieldsLeaveTheRuleOut() {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(Lint.objects("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: g}
                spec:
                  ingress:
                  - action: Deny
                    http: {methods: [GET]}
                  - action: Allow
                  - action: Maybe
                """));
        CalicoPolicy policy = (CalicoPolicy) snapshot.policies().get(0);
        assertEquals(1, policy.ingress().size());
        assertEquals(RuleAction.ALLOW, policy.ingress().get(0).action());
        assertEquals(2, snapshot.errors().size(), snapshot.errors().toString());
    }

    @Test
    void missingPodSelectorLeavesThePolicyOut() {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(Lint.objects("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: x}
                spec:
                  ingress: [{}]
                """));
        assertTrue(snapshot.policies().isEmpty());
        assertTrue(snapshot.errors().get(0).message().contains("podSelector is required"));
    }
}

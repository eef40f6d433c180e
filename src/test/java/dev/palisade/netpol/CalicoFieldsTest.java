package dev.palisade.netpol;

import static dev.palisade.netpol.Protocol.TCP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.testing.Lint;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rest of Calico that users write, as truth tables on the conformance pods (x, y, z × a, b, c; pod IPs
 * 10.0.N.M): notSelector, notNets, notPorts, serviceAccounts, ICMP type and code, network sets, ipVersion, a
 * tier's defaultAction, and the host-endpoint-only fields.
 */
class CalicoFieldsTest {

    private static void expect(PolicyModel model, TruthTable table, int port, Protocol protocol) {
        assertEquals("", table.differences(model, port, protocol), "truth table for " + ProbePort.describe(port, protocol));
    }

    private static Verdict fromAddress(PolicyModel model, String ip, String to, int port, Protocol protocol) {
        return model.evaluate(Endpoint.of(ip), Endpoint.of(model.pod(to).orElseThrow()), port, protocol);
    }

    @Test
    void aGlobalNotSelectorExcludesThosePodsInEveryNamespaceAndMatchesAddresses() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: only-b}
                spec:
                  selector: projectcalico.org/namespace == 'x'
                  ingress:
                  - action: Allow
                    source: {notSelector: pod == 'a'}
                """).model();
        TruthTable table = new TruthTable(true);
        ConformanceCluster.NAMESPACES.forEach(ns -> table.fromNamespace(ns, true));
        ConformanceCluster.NAMESPACES.forEach(ns -> ConformanceCluster.PODS.forEach(p -> table.set(ns + "/a", "x/" + p, false)));
        expect(model, table, 80, TCP);
        assertTrue(fromAddress(model, "192.168.1.1", "x/b", 80, TCP).allowed(), "an address is no pod labelled pod=a");
    }

    @Test
    void aNamespacedNotSelectorStaysInItsNamespace() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: not-a, namespace: x}
                spec:
                  ingress:
                  - action: Allow
                    source: {notSelector: pod == 'a'}
                """).model();
        TruthTable table = new TruthTable(true).toNamespace("x", false);
        ConformanceCluster.PODS.forEach(p -> table.set("x/b", "x/" + p, true).set("x/c", "x/" + p, true));
        expect(model, table, 80, TCP);
        assertTrue(fromAddress(model, "192.168.1.1", "x/b", 80, TCP).denied(), "Calico scopes it to namespace x's endpoints");
    }

    @Test
    void notNetsAndNotPortsNarrowTheRule() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: not-y, namespace: x}
                spec:
                  ingress:
                  - action: Allow
                    protocol: TCP
                    source: {notNets: [10.0.2.0/24]}
                    destination: {notPorts: [80]}
                """).model();
        expect(model, new TruthTable(true).toNamespace("x", false), 80, TCP);
        TruthTable on81 = new TruthTable(true);
        ConformanceCluster.PODS.forEach(p -> on81.set("y/" + p, "x/a", false).set("y/" + p, "x/b", false).set("y/" + p, "x/c", false));
        expect(model, on81, 81, TCP);
        assertTrue(fromAddress(model, "10.0.2.9", "x/a", 81, TCP).denied());
        assertTrue(fromAddress(model, "172.16.0.1", "x/a", 81, TCP).allowed());
        PodRules rules = model.rulesFor(model.pod("x/a").orElseThrow(), Direction.INGRESS);
        assertEquals("[1-79/TCP, 81-65535/TCP]", rules.policies().get(0).rules().get(0).matches().stream()
                .map(m -> m.port().toString()).toList().toString());
    }

    @Test
    void serviceAccountsMatchByNameAndByTheirLabels() {
        String yaml = """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: billing, namespace: shop, labels: {team: payments}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: api, namespace: shop, labels: {app: api}}
                spec: {containers: [{name: c, image: i}]}
                status: {podIP: 10.1.0.1}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: charge, namespace: shop, labels: {app: charge}}
                spec: {serviceAccountName: billing, containers: [{name: c, image: i}]}
                status: {podIP: 10.1.0.2}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: report, namespace: shop, labels: {app: report}}
                spec: {serviceAccountName: reporter, containers: [{name: c, image: i}]}
                status: {podIP: 10.1.0.3}
                ---
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: api-from-accounts, namespace: shop}
                spec:
                  selector: app == 'api'
                  ingress:
                  - action: Allow
                    source: {serviceAccounts: {selector: team == 'payments'}}
                  - action: Allow
                    source: {serviceAccounts: {names: [reporter]}, selector: app == 'nothing'}
                """;
        PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(Lint.objects(yaml)));
        PodEndpoint api = model.pod("shop/api").orElseThrow();
        assertTrue(model.evaluate(model.pod("shop/charge").orElseThrow(), api, 80, TCP).allowed(), "billing is labelled team=payments");
        Verdict report = model.evaluate(model.pod("shop/report").orElseThrow(), api, 80, TCP);
        assertTrue(report.denied(), "names and selector are ANDed: " + report);
        assertTrue(fromAddress(model, "10.1.0.9", "shop/api", 80, TCP).denied(), "an address has no ServiceAccount");
        assertTrue(model.pod("shop/charge").orElseThrow().serviceAccount().equals("billing"));
    }

    @Test
    void aPolicyServiceAccountSelectorNarrowsWhatItAppliesTo() {
        String yaml = """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: locked, namespace: shop, labels: {locked: "yes"}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: vault, namespace: shop}
                spec:
                  selector: {matchLabels: {app: vault}}
                  template:
                    metadata: {labels: {app: vault}}
                    spec: {serviceAccountName: locked, containers: [{name: c, image: i}]}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: i}]}
                ---
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: lock}
                spec:
                  serviceAccountSelector: locked == 'yes'
                  types: [Ingress]
                """;
        PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(Lint.objects(yaml)));
        assertTrue(model.isolated(model.pod("shop/vault").orElseThrow(), Direction.INGRESS));
        assertFalse(model.isolated(model.pod("shop/web").orElseThrow(), Direction.INGRESS));
        assertTrue(model.errors().isEmpty(), model.errors().toString());
    }

    @Test
    void icmpTypeAndCodeAreMatched() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: ping-only, namespace: x}
                spec:
                  ingress:
                  - action: Allow
                    protocol: ICMP
                    icmp: {type: 8}
                    notICMP: {type: 8, code: 1}
                """).model();
        TruthTable pingable = new TruthTable(true);
        expect(model, pingable, Protocol.icmp(8, 0), Protocol.ICMP);
        TruthTable notThatCode = new TruthTable(true).toNamespace("x", false);
        expect(model, notThatCode, Protocol.icmp(8, 1), Protocol.ICMP);
        expect(model, notThatCode, Protocol.icmp(13, 0), Protocol.ICMP);
        expect(model, notThatCode, Protocol.icmp(128, 0), Protocol.ICMPV6);
        expect(model, notThatCode, 80, TCP);
        assertEquals("ICMP:8:0", ProbePort.parse("icmp").toString());
        assertEquals(Protocol.icmp(13, 2), ProbePort.parse("ICMP:13:2").port());
    }

    @Test
    void networkSetsAreMatchedBySelectorsWithTheirNets() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkSet
                metadata: {name: partners, labels: {role: partner}}
                spec: {nets: [192.0.2.0/24, 10.0.3.1]}
                """).policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkSet
                metadata: {name: office, namespace: x, labels: {role: office}}
                spec: {nets: [198.51.100.0/24]}
                """).policy("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: partners-to-x}
                spec:
                  selector: projectcalico.org/namespace == 'x'
                  ingress:
                  - action: Allow
                    source: {selector: role == 'partner'}
                """).policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: office-to-y, namespace: "y"}
                spec:
                  ingress:
                  - action: Allow
                    source: {selector: role == 'office'}
                """).model();
        assertTrue(fromAddress(model, "192.0.2.7", "x/a", 80, TCP).allowed(), "a global set, reached by a global policy's selector");
        assertTrue(fromAddress(model, "203.0.113.1", "x/a", 80, TCP).denied());
        TruthTable table = new TruthTable(true).toNamespace("x", false).toNamespace("y", false);
        ConformanceCluster.PODS.forEach(p -> table.set("z/a", "x/" + p, true));
        expect(model, table, 80, TCP);
        assertTrue(fromAddress(model, "198.51.100.4", "y/a", 80, TCP).denied(), "a set of namespace x is not in y's policy's reach");
    }

    @Test
    void aNotSelectorThatMatchesANetworkSetExcludesItsNets() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkSet
                metadata: {name: blocked, labels: {blocked: "true"}}
                spec: {nets: [203.0.113.0/24]}
                """).policy("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: all-but-blocked}
                spec:
                  selector: projectcalico.org/namespace == 'x'
                  ingress:
                  - action: Allow
                    source: {notSelector: blocked == 'true'}
                """).model();
        assertTrue(fromAddress(model, "203.0.113.9", "x/a", 80, TCP).denied());
        assertTrue(fromAddress(model, "198.51.100.9", "x/a", 80, TCP).allowed());
        expect(model, new TruthTable(true), 80, TCP);
    }

    @Test
    void ipVersionLimitsTheRuleToOneAddressFamily() {
        PolicyModel model = new ConformanceCluster().policy("""
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: v6-only, namespace: x}
                spec:
                  ingress:
                  - action: Allow
                    ipVersion: 6
                """).model();
        expect(model, new TruthTable(true).toNamespace("x", false), 80, TCP);
        assertTrue(fromAddress(model, "fd00::1", "x/a", 80, TCP).allowed());
    }

    @Test
    void aTierThatPassesAtItsEndHandsUndecidedTrafficToTheNextTier() {
        String tier = """
                apiVersion: projectcalico.org/v3
                kind: Tier
                metadata: {name: security}
                spec: {order: 100%s}
                """;
        String policy = """
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: security.block-y-a}
                spec:
                  tier: security
                  selector: projectcalico.org/namespace == 'x'
                  ingress:
                  - action: Deny
                    source: {selector: pod == 'a', namespaceSelector: ns == 'y'}
                """;
        PolicyModel passing = new ConformanceCluster().policy(tier.formatted(", defaultAction: Pass")).policy(policy).model();
        TruthTable table = new TruthTable(true);
        ConformanceCluster.PODS.forEach(p -> table.set("y/a", "x/" + p, false));
        expect(passing, table, 80, TCP);
        assertFalse(passing.isolated(passing.pod("x/a").orElseThrow(), Direction.INGRESS), "a Pass tier isolates nothing");
        Verdict passed = passing.evaluate(passing.pod("y/b").orElseThrow(), passing.pod("x/a").orElseThrow(), 80, TCP);
        assertTrue(passed.reason().contains("the default action Pass of tier security"), passed.reason());
        PolicyModel denying = new ConformanceCluster().policy(tier.formatted("")).policy(policy).model();
        expect(denying, new TruthTable(true).toNamespace("x", false), 80, TCP);
        assertTrue(denying.isolated(denying.pod("x/a").orElseThrow(), Direction.INGRESS));
    }

    @Test
    void hostEndpointOnlyFieldsAreReportedNeverSilentlyApplied() {
        ClusterSnapshot snapshot = ClusterSnapshot.fromObjects(Lint.objects("""
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: untracked}
                spec:
                  doNotTrack: true
                  applyOnForward: true
                  ingress: [{action: Deny}]
                ---
                apiVersion: projectcalico.org/v3
                kind: GlobalNetworkPolicy
                metadata: {name: forward}
                spec:
                  applyOnForward: true
                  ingress: [{action: Allow}]
                """));
        assertEquals(List.of("forward"), snapshot.policies().stream().map(p -> p.ref().name()).toList(),
                "a doNotTrack policy never applies to pods");
        List<String> messages = snapshot.errors().stream().map(PolicyError::toString).toList();
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("doNotTrack policies apply only to host endpoints"), messages.toString());
        assertTrue(messages.get(1).contains("applyOnForward concerns traffic forwarded through host endpoints"), messages.toString());
    }

    @Test
    void aTemplateSelectedTogetherWithNetsDependsOnItsAddress() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: x}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: c, image: i}]}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: client, namespace: x}
                spec:
                  selector: {matchLabels: {app: client}}
                  template:
                    metadata: {labels: {app: client}}
                    spec: {containers: [{name: c, image: i}]}
                ---
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: web, namespace: x}
                spec:
                  selector: app == 'web'
                  ingress:
                  - action: Allow
                    source: {selector: app == 'client', notNets: [10.0.128.0/17]}
                """;
        for (String[] expected : new String[][] {{"10.0.0.0/17", "allowed"}, {"10.0.0.0/16", "depends"}, {"10.0.128.0/17", "denied"}}) {
            PolicyModel model = PolicyModel.of(ClusterSnapshot.fromObjects(Lint.objects(yaml), List.of(expected[0])));
            Verdict verdict = model.evaluate(model.pod("x/client").orElseThrow(), model.pod("x/web").orElseThrow(), 80, TCP);
            String got = verdict.allowed() ? "allowed" : verdict.depends() ? "depends" : "denied";
            assertEquals(expected[1], got, expected[0] + ": " + verdict);
        }
    }
}

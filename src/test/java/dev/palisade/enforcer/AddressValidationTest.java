package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.testing.Lint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every address is checked before it reaches a set or a rule; a bad one is left out with its reason, the rest applies. */
class AddressValidationTest {
    private static final String STATE = """
            apiVersion: v1
            kind: Node
            metadata: {name: node1}
            spec: {podCIDR: 10.240.1.0/24}
            status: {addresses: [{type: InternalIP, address: 192.168.240.1}]}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: node2}
            spec: {podCIDR: 10.240.2.0/24}
            status: {addresses: [{type: InternalIP, address: %s}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: x, labels: {pod: a}}
            spec: {nodeName: node1, containers: [{name: c, image: i}]}
            status: {podIP: 10.240.1.10}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: z, labels: {pod: a}}
            spec: {nodeName: node2, containers: [{name: c, image: i}]}
            status: {podIP: 10.240.2.10}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b, namespace: z, labels: {pod: b}}
            spec: {nodeName: node2, containers: [{name: c, image: i}]}
            status: {podIP: %s}
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: deny-z, namespace: x}
            spec:
              selector: all()
              types: [Ingress]
              ingress:
              - action: Deny
                source: {namespaceSelector: kubernetes.io/metadata.name == "z"}
              - action: Allow
            """;

    @Test
    void ipv4ParsingIsStrict() {
        assertEquals("10.244.1.5", Ipv4.parseHost("10.244.1.5", "t").toString());
        assertEquals("10.244.1.0/24", Ipv4.parse("10.244.1.0/24", "t").toString());
        assertEquals("0.0.0.0/0", Ipv4.parse("0.0.0.0/0", "t").toString());
        for (String bad : List.of("10.244.1.300", "10.244.1", "10.244.1.5.6", "+10.244.1.5", "010.244.1.5", "10.244.1.05",
                "10.244.1.-5", "10.244.1.5/33", "10.244.1.5/+8", "10.244.1.5/08", "10.244.1.5/", "10.244..5", "", "a.b.c.d",
                "1000.1.1.1", "10.244.1.5 ", "fd00::1")) {
            if (bad.equals("10.244.1.5 ")) {
                assertEquals("10.244.1.5", Ipv4.parseHost(bad, "t").toString(), "surrounding blanks are trimmed");
                continue;
            }
            EnforcerException e = assertThrows(EnforcerException.class, () -> Ipv4.parse(bad, "Pod z/b status.podIP"), bad);
            assertEquals("Pod z/b status.podIP: \"" + bad + "\" is not an IPv4 address or CIDR (like 10.244.1.0/24)", e.getMessage());
        }
        assertEquals("Node n status.addresses InternalIP: \"10.0.0.1/24\" is a prefix, not one IPv4 address (like 10.244.1.5)",
                assertThrows(EnforcerException.class, () -> Ipv4.parseHost("10.0.0.1/24", "Node n status.addresses InternalIP")).getMessage());
    }

    @Test
    void aMalformedPodIpIsLeftOutOfEverySetAndTheRestStillDenies() {
        FirewallRuleset good = compile("192.168.240.2", "10.240.2.11");
        FirewallRuleset bad = compile("192.168.240.2", "10.244.1.300");
        assertEquals(List.of(), good.skipped());
        assertEquals(List.of("Pod z/b status.podIP: \"10.244.1.300\" is not an IPv4 address or CIDR (like 10.244.1.0/24); "
                + "left out of every set and rule"), bad.skipped());
        String restore = IpsetRestoreWriter.write(bad.sets(), Map.of()) + IptablesRestoreWriter.write(bad, Set.of(), Set.of());
        assertFalse(restore.contains("10.244.1.300"), restore);
        // z/a is still in the set the Deny names: the deny holds for the pods whose addresses are good.
        IpSet denied = bad.sets().stream().filter(set -> set.entries().contains("10.240.2.10/32")).findFirst().orElseThrow();
        assertEquals(List.of("10.240.2.10/32"), denied.entries());
        assertTrue(restore.contains("-m set --match-set " + denied.name() + " src -m comment"), restore);
        IpSet deniedBefore = good.sets().stream().filter(set -> set.entries().contains("10.240.2.10/32")).findFirst().orElseThrow();
        assertEquals(List.of("10.240.2.10/32", "10.240.2.11/32"), deniedBefore.entries());
    }

    @Test
    void aNodeWithAMalformedAddressLeavesTheOverlayAndTheRestApplies() {
        ClusterState state = ClusterState.of(Lint.objects(STATE.formatted("192.168.240.300", "10.240.2.11")));
        assertEquals(List.of("node1"), state.nodes().stream().map(ClusterNode::name).toList());
        assertEquals(List.of("Node node2 status.addresses InternalIP: \"192.168.240.300\" is not an IPv4 address or CIDR "
                + "(like 10.244.1.0/24); the node is left out of the overlay"), state.skipped());
        FirewallRuleset ruleset = new RuleCompiler(EnforcerSettings.defaults("node1")).compile(state, state.node("node1").orElseThrow());
        assertEquals(state.skipped(), ruleset.skipped());
    }

    private static FirewallRuleset compile(String node2Address, String podIp) {
        ClusterState state = ClusterState.of(Lint.objects(STATE.formatted(node2Address, podIp)));
        assertEquals(List.of(), state.errors());
        return new RuleCompiler(EnforcerSettings.defaults("node1")).compile(state, state.node("node1").orElseThrow());
    }
}

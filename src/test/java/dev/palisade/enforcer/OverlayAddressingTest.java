package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.testing.Lint;
import org.junit.jupiter.api.Test;

class OverlayAddressingTest {
    @Test
    void vtepMacIsLocallyAdministeredAndCarriesTheInternalIp() {
        assertEquals("0a:58:c0:a8:00:07", VtepMac.format(VtepMac.of(Ipv4.parse("192.168.0.7", "test"))));
    }

    @Test
    void nodeGivesItsVtepAsTheNetworkAddressOfItsPodCidr() {
        ClusterNode node = ClusterNode.of(Lint.objects("""
                apiVersion: v1
                kind: Node
                metadata: {name: "n"}
                spec: {podCIDR: 10.244.3.17/24}
                status: {addresses: [{type: Hostname, address: "n"}, {type: InternalIP, address: 172.16.0.4}]}
                """).getFirst()).orElseThrow();
        assertEquals("10.244.3.0/24", node.podCidr().toString());
        assertEquals("10.244.3.0", node.vtep().toString());
        assertEquals("172.16.0.4", node.internalIp().toString());
    }

    @Test
    void aNodeWithoutPodCidrIsNotInTheOverlayYet() {
        assertTrue(ClusterNode.of(Lint.objects("apiVersion: v1\nkind: Node\nmetadata: {name: \"n\"}\n").getFirst()).isEmpty());
    }

    @Test
    void aMalformedPodCidrNamesTheNodeAndField() {
        var node = Lint.objects("""
                apiVersion: v1
                kind: Node
                metadata: {name: "n"}
                spec: {podCIDR: 10.244.300.0/24}
                status: {addresses: [{type: InternalIP, address: 172.16.0.4}]}
                """).getFirst();
        EnforcerException e = assertThrows(EnforcerException.class, () -> ClusterNode.of(node));
        assertEquals("Node n spec.podCIDR: \"10.244.300.0/24\" is not an IPv4 address or CIDR (like 10.244.1.0/24)", e.getMessage());
    }

    @Test
    void settingsRejectValuesTheKernelWouldRefuseWithTheFlagToFix() {
        EnforcerException e = assertThrows(EnforcerException.class, () -> new EnforcerSettings("n", "cni0", "palisade.vxlan",
                0, 4789, "", 0, EnforcerSettings.DenyAction.DROP, EnforcerSettings.DenyLog.NONE, java.time.Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("--vni"), e.getMessage());
        assertThrows(EnforcerException.class, () -> EnforcerSettings.denyAction("ACCEPT"));
    }
}

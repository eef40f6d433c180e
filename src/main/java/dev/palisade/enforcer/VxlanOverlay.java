package dev.palisade.enforcer;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The VXLAN overlay of one node, as flannel's vxlan backend builds it: a device with learning off, MTU underlay minus
 * 50, the MAC from {@link VtepMac}, the node subnet's network address as /32; per remote node a permanent neighbour
 * entry (VTEP address to VTEP MAC), an FDB entry (VTEP MAC to underlay address) and an onlink route to the remote pod
 * CIDR via the remote VTEP, added in that order so that the route never points at an unresolvable next hop. Entries of
 * nodes that left are removed route first. A device with the wrong settings is deleted and recreated.
 */
final class VxlanOverlay {
    /** VXLAN's 8-byte header, the inner Ethernet header, and the outer IPv4 and UDP headers. */
    static final int OVERHEAD = 50;

    private final EnforcerSettings settings;

    VxlanOverlay(EnforcerSettings settings) {
        this.settings = settings;
    }

    /** Makes the kernel match: this node's device and one set of entries per peer. Returns the number of peers. */
    int reconcile(ClusterNode self, List<ClusterNode> nodes) {
        try (RouteNetlink netlink = new RouteNetlink()) {
            RouteNetlink.Link underlay = underlay(netlink, self);
            int mtu = settings.mtu() > 0 ? settings.mtu() : underlay.mtu() - OVERHEAD;
            byte[] mac = VtepMac.of(self.internalIp());
            RouteNetlink.Link device = netlink.link(settings.vxlanDevice()).orElse(null);
            if (device != null && !matches(device, mtu, mac, self, underlay)) {
                netlink.deleteLink(device.index());
                device = null;
            }
            if (device == null) {
                netlink.createVxlan(settings.vxlanDevice(), settings.vni(), settings.vxlanPort(), self.internalIp(),
                        underlay.index(), mtu, mac);
                device = netlink.link(settings.vxlanDevice()).orElseThrow(
                        () -> new EnforcerException("VXLAN device " + settings.vxlanDevice() + " vanished right after it was created"));
            }
            int index = device.index();
            if (!netlink.addresses(index).contains(self.vtep())) {
                netlink.addAddress(index, self.vtep());
            }
            if (!device.up()) {
                netlink.setUp(index);
            }
            Set<Ipv4> wantedRoutes = new HashSet<>();
            Set<Ipv4> wantedVteps = new HashSet<>();
            Set<String> wantedMacs = new HashSet<>();
            int peers = 0;
            for (ClusterNode peer : nodes) {
                if (peer.name().equals(self.name())) {
                    continue;
                }
                byte[] peerMac = VtepMac.of(peer.internalIp());
                netlink.replaceNeighbour(index, peer.vtep(), peerMac);
                netlink.replaceFdb(index, peerMac, peer.internalIp());
                netlink.replaceRoute(index, peer.podCidr(), peer.vtep());
                wantedRoutes.add(peer.podCidr());
                wantedVteps.add(peer.vtep());
                wantedMacs.add(VtepMac.format(peerMac));
                peers++;
            }
            for (RouteNetlink.Route route : netlink.routes(index)) {
                if (!wantedRoutes.contains(route.destination())) {
                    netlink.deleteRoute(index, route.destination());
                }
            }
            for (RouteNetlink.Neighbour neighbour : netlink.neighbours(index)) {
                if (!wantedVteps.contains(neighbour.address())) {
                    netlink.deleteNeighbour(index, neighbour.address());
                }
            }
            for (RouteNetlink.FdbEntry entry : netlink.fdb(index)) {
                if (!wantedMacs.contains(entry.mac())) {
                    netlink.deleteFdb(index, VtepMac.parse(entry.mac()), entry.destination());
                }
            }
            return peers;
        }
    }

    /** Deletes the device; the kernel removes its neighbours, FDB entries and routes with it. */
    void remove() {
        try (RouteNetlink netlink = new RouteNetlink()) {
            netlink.link(settings.vxlanDevice()).filter(link -> "vxlan".equals(link.kind()))
                    .ifPresent(link -> netlink.deleteLink(link.index()));
        }
    }

    private RouteNetlink.Link underlay(RouteNetlink netlink, ClusterNode self) {
        if (!settings.underlayDevice().isEmpty()) {
            return netlink.link(settings.underlayDevice()).orElseThrow(() -> new EnforcerException(
                    "underlay interface " + settings.underlayDevice() + " does not exist on this node (check --underlay)"));
        }
        int index = netlink.linkHolding(self.internalIp()).orElseThrow(() -> new EnforcerException(
                "no interface holds node " + self.name() + "'s InternalIP " + self.internalIp()
                        + "; is --node right, or name the underlay with --underlay"));
        return netlink.links().stream().filter(link -> link.index() == index).findFirst()
                .orElseThrow(() -> new EnforcerException("interface " + index + " vanished while reading it"));
    }

    private boolean matches(RouteNetlink.Link device, int mtu, byte[] mac, ClusterNode self, RouteNetlink.Link underlay) {
        return "vxlan".equals(device.kind()) && device.vni() == settings.vni() && device.port() == settings.vxlanPort()
                && device.learning() == 0 && device.mtu() == mtu && Arrays.equals(VtepMac.parse(device.mac()), mac)
                && self.internalIp().equals(device.local()) && device.underlay() == underlay.index();
    }
}

package dev.palisade.enforcer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rtnetlink operations of the overlay (rtnetlink(7), linux/if_link.h, linux/neighbour.h): VXLAN links,
 * addresses, permanent neighbours, FDB entries and onlink routes, in the network namespace of the thread that
 * created it.
 */
final class RouteNetlink implements AutoCloseable {
    static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20, RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26;
    static final int RTM_NEWNEIGH = 28, RTM_DELNEIGH = 29, RTM_GETNEIGH = 30;
    static final int IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_LINKINFO = 18;
    static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2;
    static final int IFLA_VXLAN_ID = 1, IFLA_VXLAN_LINK = 3, IFLA_VXLAN_LOCAL = 4, IFLA_VXLAN_LEARNING = 7, IFLA_VXLAN_PORT = 15;
    static final int IFA_ADDRESS = 1, IFA_LOCAL = 2;
    static final int NDA_DST = 1, NDA_LLADDR = 2;
    static final int NUD_PERMANENT = 0x80, NTF_SELF = 0x02;
    static final int RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5;
    static final int RTNH_F_ONLINK = 4, RT_TABLE_MAIN = 254, RTPROT_STATIC = 4, RTN_UNICAST = 1;
    static final int IFF_UP = 1;

    /** A link as the kernel reports it; the vxlan fields are -1 / null for other kinds. */
    record Link(int index, String name, int mtu, String mac, String kind, boolean up,
                int vni, int port, int learning, Ipv4 local, int underlay) {}

    record Route(Ipv4 destination, Ipv4 gateway, int outputIndex, boolean onlink) {}

    record Neighbour(Ipv4 address, String mac, int index) {}

    record FdbEntry(String mac, Ipv4 destination, int index) {}

    private final NetlinkSocket socket = new NetlinkSocket();

    Optional<Link> link(String name) {
        NetlinkMessage request = new NetlinkMessage(RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST)
                .u8(KernelCalls.AF_INET).u8(0).u16(0).u32(0).u32(0).u32(0)
                .attributeString(IFLA_IFNAME, name);
        return parseLinks(socket.get(request, 19)).stream().findFirst(); // ENODEV: no such link
    }

    List<Link> links() {
        return links(new NetlinkMessage(RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(KernelCalls.AF_INET).u8(0).u16(0).u32(0).u32(0).u32(0));
    }

    private List<Link> links(NetlinkMessage request) {
        return parseLinks(socket.dump(request));
    }

    private static List<Link> parseLinks(List<NetlinkSocket.Reply> replies) {
        List<Link> links = new ArrayList<>();
        for (NetlinkSocket.Reply reply : replies) {
            if (reply.type() != RTM_NEWLINK) {
                continue;
            }
            ByteBuffer header = reply.buffer();
            int index = header.getInt(4);
            int flags = header.getInt(8);
            NetlinkAttributes attributes = reply.attributes(16);
            NetlinkAttributes info = attributes.nested(IFLA_LINKINFO);
            NetlinkAttributes data = info.nested(IFLA_INFO_DATA);
            boolean vxlan = "vxlan".equals(info.string(IFLA_INFO_KIND));
            byte[] local = data.bytes(IFLA_VXLAN_LOCAL);
            links.add(new Link(index, attributes.string(IFLA_IFNAME), attributes.u32(IFLA_MTU, 0),
                    VtepMac.format(attributes.bytes(IFLA_ADDRESS)), info.string(IFLA_INFO_KIND), (flags & IFF_UP) != 0,
                    vxlan ? data.u32(IFLA_VXLAN_ID, -1) : -1, vxlan ? data.be16(IFLA_VXLAN_PORT, -1) : -1,
                    vxlan ? data.u8(IFLA_VXLAN_LEARNING, -1) : -1,
                    local == null || local.length != 4 ? null : Ipv4.of(local), vxlan ? data.u32(IFLA_VXLAN_LINK, 0) : 0));
        }
        return links;
    }

    /** Creates a VXLAN device with learning off (the FDB is programmed, never learnt). */
    void createVxlan(String name, int vni, int port, Ipv4 local, int underlayIndex, int mtu, byte[] mac) {
        NetlinkMessage message = new NetlinkMessage(RTM_NEWLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK
                | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL)
                .u8(0).u8(0).u16(0).u32(0).u32(0).u32(0)
                .attributeString(IFLA_IFNAME, name)
                .attributeU32(IFLA_MTU, mtu)
                .attribute(IFLA_ADDRESS, mac)
                .beginNested(IFLA_LINKINFO)
                .attributeString(IFLA_INFO_KIND, "vxlan")
                .beginNested(IFLA_INFO_DATA)
                .attributeU32(IFLA_VXLAN_ID, vni)
                .attribute(IFLA_VXLAN_LOCAL, local.bytes())
                .attributeU32(IFLA_VXLAN_LINK, underlayIndex)
                .attributeU8(IFLA_VXLAN_LEARNING, 0)
                .attributeBe16(IFLA_VXLAN_PORT, port)
                .endNested()
                .endNested();
        socket.require("create VXLAN device " + name, message);
    }

    void setUp(int index) {
        socket.require("bring link " + index + " up", new NetlinkMessage(RTM_NEWLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK)
                .u8(0).u8(0).u16(0).u32(index).u32(IFF_UP).u32(IFF_UP));
    }

    void deleteLink(int index) {
        socket.require("delete link " + index, new NetlinkMessage(RTM_DELLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK)
                .u8(0).u8(0).u16(0).u32(index).u32(0).u32(0));
    }

    /** The IPv4 addresses of a link (or of all links with index 0), with their prefix lengths. */
    List<Ipv4> addresses(int index) {
        List<Ipv4> addresses = new ArrayList<>();
        for (NetlinkSocket.Reply reply : socket.dump(new NetlinkMessage(RTM_GETADDR, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(KernelCalls.AF_INET).u8(0).u8(0).u8(0).u32(0))) {
            ByteBuffer header = reply.buffer();
            int prefix = Byte.toUnsignedInt(header.get(1));
            int linkIndex = header.getInt(4);
            byte[] local = reply.attributes(8).bytes(IFA_LOCAL);
            if (local != null && local.length == 4 && (index == 0 || linkIndex == index)) {
                addresses.add(new Ipv4(Ipv4.of(local).address(), prefix));
            }
        }
        return addresses;
    }

    /** The index of the link that holds {@code address}, or empty. */
    Optional<Integer> linkHolding(Ipv4 address) {
        for (NetlinkSocket.Reply reply : socket.dump(new NetlinkMessage(RTM_GETADDR, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(KernelCalls.AF_INET).u8(0).u8(0).u8(0).u32(0))) {
            byte[] local = reply.attributes(8).bytes(IFA_LOCAL);
            if (local != null && local.length == 4 && Ipv4.of(local).address() == address.address()) {
                return Optional.of(reply.buffer().getInt(4));
            }
        }
        return Optional.empty();
    }

    void addAddress(int index, Ipv4 address) {
        socket.require("add address " + address + " to link " + index,
                new NetlinkMessage(RTM_NEWADDR, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK
                        | NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_REPLACE)
                        .u8(KernelCalls.AF_INET).u8(address.prefix()).u8(0).u8(0).u32(index)
                        .attribute(IFA_LOCAL, address.bytes()).attribute(IFA_ADDRESS, address.bytes()));
    }

    /** A permanent ARP entry: remote VTEP address to remote VTEP MAC. */
    void replaceNeighbour(int index, Ipv4 address, byte[] mac) {
        socket.require("add neighbour " + address,
                neighbour(RTM_NEWNEIGH, KernelCalls.AF_INET, index, 0, NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_REPLACE)
                        .attribute(NDA_DST, address.bytes()).attribute(NDA_LLADDR, mac));
    }

    void deleteNeighbour(int index, Ipv4 address) {
        ignoreMissing(socket.request(neighbour(RTM_DELNEIGH, KernelCalls.AF_INET, index, 0, 0)
                .attribute(NDA_DST, address.bytes())), "delete neighbour " + address);
    }

    /** A permanent FDB entry of the VXLAN device: remote VTEP MAC to the remote node's underlay address. */
    void replaceFdb(int index, byte[] mac, Ipv4 underlay) {
        socket.require("add FDB entry " + VtepMac.format(mac),
                neighbour(RTM_NEWNEIGH, KernelCalls.AF_BRIDGE, index, NTF_SELF, NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_REPLACE)
                        .attribute(NDA_LLADDR, mac).attribute(NDA_DST, underlay.bytes()));
    }

    void deleteFdb(int index, byte[] mac, Ipv4 underlay) {
        ignoreMissing(socket.request(neighbour(RTM_DELNEIGH, KernelCalls.AF_BRIDGE, index, NTF_SELF, 0)
                .attribute(NDA_LLADDR, mac).attribute(NDA_DST, underlay.bytes())), "delete FDB entry " + VtepMac.format(mac));
    }

    List<Neighbour> neighbours(int index) {
        List<Neighbour> neighbours = new ArrayList<>();
        for (NetlinkSocket.Reply reply : socket.dump(neighbour(RTM_GETNEIGH, KernelCalls.AF_INET, 0, 0, NetlinkMessage.NLM_F_DUMP))) {
            NetlinkAttributes attributes = reply.attributes(12);
            byte[] dst = attributes.bytes(NDA_DST);
            int linkIndex = reply.buffer().getInt(4);
            int state = Short.toUnsignedInt(reply.buffer().getShort(8));
            if (linkIndex == index && dst != null && dst.length == 4 && (state & NUD_PERMANENT) != 0) {
                neighbours.add(new Neighbour(Ipv4.of(dst), VtepMac.format(attributes.bytes(NDA_LLADDR)), linkIndex));
            }
        }
        return neighbours;
    }

    List<FdbEntry> fdb(int index) {
        List<FdbEntry> entries = new ArrayList<>();
        for (NetlinkSocket.Reply reply : socket.dump(neighbour(RTM_GETNEIGH, KernelCalls.AF_BRIDGE, 0, 0, NetlinkMessage.NLM_F_DUMP))) {
            NetlinkAttributes attributes = reply.attributes(12);
            byte[] dst = attributes.bytes(NDA_DST);
            if (reply.buffer().getInt(4) == index && dst != null && dst.length == 4) {
                entries.add(new FdbEntry(VtepMac.format(attributes.bytes(NDA_LLADDR)), Ipv4.of(dst), index));
            }
        }
        return entries;
    }

    /** A route to a remote pod CIDR via the remote VTEP address, onlink: the VTEP is on no subnet of the device. */
    void replaceRoute(int index, Ipv4 destination, Ipv4 gateway) {
        socket.require("add route " + destination + " via " + gateway.host(),
                route(RTM_NEWROUTE, destination, NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_REPLACE, RTNH_F_ONLINK)
                        .attribute(RTA_DST, destination.network().bytes())
                        .attribute(RTA_GATEWAY, gateway.bytes())
                        .attributeU32(RTA_OIF, index));
    }

    void deleteRoute(int index, Ipv4 destination) {
        ignoreMissing(socket.request(route(RTM_DELROUTE, destination, 0, 0)
                .attribute(RTA_DST, destination.network().bytes()).attributeU32(RTA_OIF, index)), "delete route " + destination);
    }

    /** The main-table routes whose output device is {@code index}, with a gateway (the per-node overlay routes). */
    List<Route> routes(int index) {
        List<Route> routes = new ArrayList<>();
        for (NetlinkSocket.Reply reply : socket.dump(new NetlinkMessage(RTM_GETROUTE, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(KernelCalls.AF_INET).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0))) {
            ByteBuffer header = reply.buffer();
            int prefix = Byte.toUnsignedInt(header.get(1));
            int table = Byte.toUnsignedInt(header.get(4));
            int flags = header.getInt(8);
            NetlinkAttributes attributes = reply.attributes(12);
            byte[] dst = attributes.bytes(RTA_DST);
            byte[] gateway = attributes.bytes(RTA_GATEWAY);
            if (table == RT_TABLE_MAIN && attributes.u32(RTA_OIF, 0) == index && dst != null && gateway != null) {
                routes.add(new Route(new Ipv4(Ipv4.of(dst).address(), prefix), Ipv4.of(gateway), index, (flags & RTNH_F_ONLINK) != 0));
            }
        }
        return routes;
    }

    private static NetlinkMessage neighbour(int type, int family, int index, int ntfFlags, int extraFlags) {
        int flags = NetlinkMessage.NLM_F_REQUEST | extraFlags | (type == RTM_GETNEIGH ? 0 : NetlinkMessage.NLM_F_ACK);
        return new NetlinkMessage(type, flags).u8(family).u8(0).u16(0).u32(index)
                .u16(type == RTM_GETNEIGH ? 0 : NUD_PERMANENT).u8(ntfFlags).u8(0);
    }

    private static NetlinkMessage route(int type, Ipv4 destination, int extraFlags, int routeFlags) {
        return new NetlinkMessage(type, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK | extraFlags)
                .u8(KernelCalls.AF_INET).u8(destination.prefix()).u8(0).u8(0)
                .u8(RT_TABLE_MAIN).u8(RTPROT_STATIC).u8(0).u8(RTN_UNICAST).u32(routeFlags);
    }

    private void ignoreMissing(int errno, String what) {
        if (errno != 0 && errno != 2 && errno != 3) { // ENOENT, ESRCH: already gone
            throw socket.failure(what, errno);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}

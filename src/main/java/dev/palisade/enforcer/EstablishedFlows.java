package dev.palisade.enforcer;

import dev.palisade.netpol.Endpoint;
import dev.palisade.netpol.PolicyModel;
import dev.palisade.netpol.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts the established connections that a newly applied ruleset denies. The chains accept every packet of a
 * connection conntrack already knows ({@code ctstate ESTABLISHED}), so without this a connection opened before a
 * deny policy lives on until it ends. After each apply:
 *
 * <ol>
 * <li>The local pods whose egress or ingress chain changed name since the last cut: chains and the sets they name
 *     are named by their content, so a pod whose two names are the same is decided exactly as before and none of
 *     its flows can be newly denied. Pods that came or went count as changed; the first apply counts every pod
 *     (the kernel may hold flows from before the agent started).</li>
 * <li>None changed: nothing runs. Otherwise one ctnetlink dump of the IPv4 table (IPCTNL_MSG_CT_GET with
 *     NLM_F_DUMP, what {@code conntrack -L -f ipv4} does, without starting a process), and each entry whose original
 *     source or reply source (the real destination behind a DNAT) is a changed pod is decided by the model
 *     ({@link PolicyModel#evaluate}, the verdicts the chains are compiled from) for its first packet: original
 *     source to reply source, on the reply's source port. Entries between a pod and its own node (the bridge
 *     address, the InternalIP) are left alone: those packets never cross FORWARD.</li>
 * <li>The denied entries are deleted by their original tuple over one ctnetlink socket (IPCTNL_MSG_CT_DELETE: a
 *     hash lookup each; {@code conntrack -D} dumps the whole table once per entry, 40 s for 1,000 of 20,000).</li>
 * </ol>
 * After the drift guard restored rules that someone else had changed, {@link #cutAll} decides every local pod's
 * entries again: connections opened while the rules were open are cut too.
 *
 * <p>Deleting an entry alone does not stop the flow: conntrack picks a mid-stream TCP packet up as a new
 * connection, in whichever direction it travels, so the server's next ACK would pass as the server connecting to
 * the client. The compiler therefore denies TCP packets without SYN that start a connection (same setting).
 *
 * <p>Cost per apply that changed C local pods' chains: O(local pods) to compare the names; when C &gt; 0, one dump of
 * the IPv4 conntrack table (O(T) entries, parsed once), a hash lookup per entry and one model verdict per entry that
 * touches a changed pod; one netlink request per deleted entry. Not per pod pair. Entries of protocols other than
 * TCP, UDP, SCTP and ICMP, and of non-default conntrack zones, are left to time out.
 */
final class EstablishedFlows {
    /** One conntrack entry: its original tuple, and the reply's source address and port (the real destination). */
    record Entry(String protocol, String source, String destination, int sourcePort, int destinationPort,
                 String replySource, int replySourcePort, int icmpType, int icmpCode, int icmpId) {

        /** The model's protocol, or null for one it does not decide. */
        Protocol modelProtocol() {
            return switch (protocol) {
                case "tcp" -> Protocol.TCP;
                case "udp" -> Protocol.UDP;
                case "sctp" -> Protocol.SCTP;
                case "icmp" -> Protocol.ICMP;
                default -> null;
            };
        }

        /** The destination port of the first packet (after DNAT), or {@code type * 256 + code} for ICMP. */
        int port() {
            return protocol.equals("icmp") ? Protocol.icmp(icmpType, icmpCode) : replySourcePort;
        }

        /** The original tuple, for people: {@code tcp 10.240.2.11:40001 -> 10.240.1.10:80}, {@code icmp ... type 8 code 0 id 7}. */
        String describe() {
            return protocol.equals("icmp")
                    ? "icmp " + source + " -> " + destination + " type " + icmpType + " code " + icmpCode + " id " + icmpId
                    : protocol + " " + source + ":" + sourcePort + " -> " + destination + ":" + destinationPort;
        }

        /**
         * The ctnetlink request that deletes exactly this entry (IPCTNL_MSG_CT_DELETE with its original tuple): the
         * kernel finds it by hash, where {@code conntrack -D} dumps the whole table once per entry.
         */
        NetlinkMessage deleteRequest() {
            NetlinkMessage message = new NetlinkMessage(CT_DELETE, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK)
                    .u8(AF_INET).u8(0).u16(0) // nfgenmsg: family, version, resource id
                    .beginNested(CTA_TUPLE_ORIG | NLA_F_NESTED)
                    .beginNested(CTA_TUPLE_IP | NLA_F_NESTED)
                    .attribute(CTA_IP_V4_SRC, Ipv4.parseHost(source, "conntrack source").bytes())
                    .attribute(CTA_IP_V4_DST, Ipv4.parseHost(destination, "conntrack destination").bytes())
                    .endNested()
                    .beginNested(CTA_TUPLE_PROTO | NLA_F_NESTED)
                    .attributeU8(CTA_PROTO_NUM, protocolNumber());
            if (protocol.equals("icmp")) {
                message.attributeBe16(CTA_PROTO_ICMP_ID, icmpId).attributeU8(CTA_PROTO_ICMP_TYPE, icmpType)
                        .attributeU8(CTA_PROTO_ICMP_CODE, icmpCode);
            } else {
                message.attributeBe16(CTA_PROTO_SRC_PORT, sourcePort).attributeBe16(CTA_PROTO_DST_PORT, destinationPort);
            }
            return message.endNested().endNested();
        }

        private int protocolNumber() {
            return switch (protocol) {
                case "tcp" -> 6;
                case "udp" -> 17;
                case "sctp" -> 132;
                case "icmp" -> 1;
                default -> throw new IllegalStateException("no deletes for " + protocol);
            };
        }
    }

    // linux/netfilter/nfnetlink.h, nfnetlink_conntrack.h
    private static final int CT_NEW = 1 << 8; // NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW: each entry of a dump
    private static final int CT_GET = (1 << 8) | 1; // IPCTNL_MSG_CT_GET
    private static final int CT_DELETE = (1 << 8) | 2; // IPCTNL_MSG_CT_DELETE
    private static final int AF_INET = 2;
    private static final int NLA_F_NESTED = 0x8000;
    private static final int CTA_TUPLE_ORIG = 1;
    private static final int CTA_TUPLE_IP = 1;
    private static final int CTA_TUPLE_PROTO = 2;
    private static final int CTA_TUPLE_ZONE = 3;
    private static final int CTA_TUPLE_REPLY = 2;
    private static final int CTA_ZONE = 18;
    private static final int CTA_IP_V4_SRC = 1;
    private static final int CTA_IP_V4_DST = 2;
    private static final int CTA_PROTO_NUM = 1;
    private static final int CTA_PROTO_SRC_PORT = 2;
    private static final int CTA_PROTO_DST_PORT = 3;
    private static final int CTA_PROTO_ICMP_ID = 4;
    private static final int CTA_PROTO_ICMP_TYPE = 5;
    private static final int CTA_PROTO_ICMP_CODE = 6;
    private static final int ENOENT = 2;

    private FirewallRuleset lastCut; // the ruleset of the last cut that succeeded; null before the first

    /**
     * Deletes the entries {@code applied} newly denies, and returns them. Throws {@link EnforcerException} when
     * a tool fails; the pods are then compared with the same earlier ruleset at the next call, so nothing is missed.
     */
    synchronized List<Entry> cut(PolicyModel model, ClusterNode self, FirewallRuleset applied) {
        return cut(model, self, applied, changedPods(lastCut, applied));
    }

    /**
     * Decides every local pod's entries again, whatever changed: after the drift guard restored rules that someone
     * else had opened, the connections made meanwhile are cut.
     */
    synchronized List<Entry> cutAll(PolicyModel model, ClusterNode self, FirewallRuleset applied) {
        try {
            return cut(model, self, applied, changedPods(null, applied));
        } catch (EnforcerException e) {
            lastCut = null; // the next cut looks at every pod again
            throw e;
        }
    }

    private List<Entry> cut(PolicyModel model, ClusterNode self, FirewallRuleset applied, Set<String> changed) {
        if (changed.isEmpty()) {
            lastCut = applied;
            return List.of();
        }
        List<Entry> denied;
        try (NetlinkSocket socket = new NetlinkSocket(KernelCalls.NETLINK_NETFILTER, 0, 2000)) {
            denied = denied(entries(socket.dump(dumpRequest())), changed, model, self);
            delete(socket, denied);
        }
        lastCut = applied;
        return denied;
    }

    /** The request for every IPv4 entry of the conntrack table (the default zone's and the others'). */
    static NetlinkMessage dumpRequest() {
        return new NetlinkMessage(CT_GET, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP)
                .u8(AF_INET).u8(0).u16(0); // nfgenmsg: family, version, resource id
    }

    /** Deletes the entries over the socket (of this thread's namespace); one already gone is no error. */
    private static void delete(NetlinkSocket socket, List<Entry> entries) {
        for (Entry entry : entries) {
            int errno = socket.request(entry.deleteRequest());
            if (errno != 0 && errno != ENOENT) {
                throw socket.failure("delete the conntrack entry " + entry.describe(), errno);
            }
        }
    }

    /** Local pod addresses whose chains differ between two rulesets (every pod of {@code after} when there is none before). */
    static Set<String> changedPods(FirewallRuleset before, FirewallRuleset after) {
        Map<String, String> old = before == null ? Map.of() : before.podChains();
        Set<String> changed = new HashSet<>();
        after.podChains().forEach((address, chains) -> {
            if (!chains.equals(old.get(address))) {
                changed.add(address);
            }
        });
        old.keySet().forEach(address -> {
            if (!after.podChains().containsKey(address)) {
                changed.add(address);
            }
        });
        return changed;
    }

    /** The entries touching a changed pod whose first packet the model denies. */
    static List<Entry> denied(List<Entry> entries, Set<String> changed, PolicyModel model, ClusterNode self) {
        List<Entry> denied = new ArrayList<>();
        for (Entry entry : entries) {
            boolean fromChanged = changed.contains(entry.source());
            boolean toChanged = changed.contains(entry.replySource());
            Protocol protocol = entry.modelProtocol();
            if ((!fromChanged && !toChanged) || protocol == null) {
                continue;
            }
            if (ownNode(entry.source(), model, self) || ownNode(entry.replySource(), model, self)) {
                continue;
            }
            if (model.evaluate(Endpoint.of(entry.source()), Endpoint.of(entry.replySource()), entry.port(), protocol).denied()) {
                denied.add(entry);
            }
        }
        return denied;
    }

    /** An address of this node: its InternalIP, or an address of its pod CIDR that no pod has (the bridge's). */
    private static boolean ownNode(String address, PolicyModel model, ClusterNode self) {
        if (address.equals(self.internalIp().host())) {
            return true;
        }
        try {
            return self.podCidr().contains(Ipv4.parse(address, "conntrack address")) && model.podByIp(address).isEmpty();
        } catch (EnforcerException e) {
            return false;
        }
    }

    /**
     * The entries of a ctnetlink dump: each message an nfgenmsg and the entry's attributes (CTA_TUPLE_ORIG and
     * CTA_TUPLE_REPLY, each with CTA_TUPLE_IP and CTA_TUPLE_PROTO). Left out: other families, entries of a
     * non-default zone (CTA_ZONE or CTA_TUPLE_ZONE, which the kernel writes only then), protocols other than TCP,
     * UDP, SCTP and ICMP, and anything incomplete.
     */
    static List<Entry> entries(List<NetlinkSocket.Reply> replies) {
        List<Entry> entries = new ArrayList<>(replies.size());
        for (NetlinkSocket.Reply reply : replies) {
            if (reply.type() != CT_NEW || reply.body().length < 4 || reply.body()[0] != AF_INET) {
                continue;
            }
            NetlinkAttributes attributes = reply.attributes(4);
            NetlinkAttributes original = attributes.nested(CTA_TUPLE_ORIG);
            NetlinkAttributes answer = attributes.nested(CTA_TUPLE_REPLY);
            if (attributes.has(CTA_ZONE) || original.has(CTA_TUPLE_ZONE) || answer.has(CTA_TUPLE_ZONE)) {
                continue;
            }
            NetlinkAttributes addresses = original.nested(CTA_TUPLE_IP);
            NetlinkAttributes ports = original.nested(CTA_TUPLE_PROTO);
            NetlinkAttributes replyPorts = answer.nested(CTA_TUPLE_PROTO);
            String source = address(addresses.bytes(CTA_IP_V4_SRC));
            String destination = address(addresses.bytes(CTA_IP_V4_DST));
            String replySource = address(answer.nested(CTA_TUPLE_IP).bytes(CTA_IP_V4_SRC));
            String protocol = switch (ports.u8(CTA_PROTO_NUM, -1)) {
                case 6 -> "tcp";
                case 17 -> "udp";
                case 132 -> "sctp";
                case 1 -> "icmp";
                default -> null;
            };
            if (protocol == null || source == null || destination == null || replySource == null) {
                continue;
            }
            int sourcePort = ports.be16(CTA_PROTO_SRC_PORT, -1);
            int destinationPort = ports.be16(CTA_PROTO_DST_PORT, -1);
            int replySourcePort = replyPorts.be16(CTA_PROTO_SRC_PORT, -1);
            int icmpType = ports.u8(CTA_PROTO_ICMP_TYPE, -1);
            int icmpCode = ports.u8(CTA_PROTO_ICMP_CODE, -1);
            int icmpId = ports.be16(CTA_PROTO_ICMP_ID, -1);
            boolean complete = protocol.equals("icmp")
                    ? icmpType >= 0 && icmpCode >= 0 && icmpId >= 0
                    : sourcePort >= 0 && destinationPort >= 0 && replySourcePort >= 0;
            if (complete) {
                entries.add(new Entry(protocol, source, destination, sourcePort, destinationPort, replySource,
                        replySourcePort, icmpType, icmpCode, icmpId));
            }
        }
        return entries;
    }

    /** A 4-byte CTA_IP_V4_* value (network order) as dotted decimal, or null when it is not one. */
    private static String address(byte[] value) {
        return value == null || value.length != 4 ? null : Ipv4.of(value).host();
    }
}

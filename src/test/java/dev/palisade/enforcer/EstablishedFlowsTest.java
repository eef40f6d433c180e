package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.palisade.netpol.PolicyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which conntrack entries a change cuts: reading the ctnetlink dump, the pods whose chains changed, and the model's verdicts. */
class EstablishedFlowsTest {
    /** x/a 10.240.1.10, y/a 10.240.1.11, z/a 10.240.1.12 on node1 (10.240.1.0/24, InternalIP 192.168.240.1). */
    private static final String STATE = """
            apiVersion: v1
            kind: Node
            metadata: {name: node1}
            spec: {podCIDR: 10.240.1.0/24}
            status: {addresses: [{type: InternalIP, address: 192.168.240.1}]}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: "x", labels: {ns: "x"}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: "y", labels: {ns: "y"}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: "z", labels: {ns: "z"}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: "x", labels: {pod: a}}
            spec: {nodeName: node1, containers: [{name: c, image: i}]}
            status: {podIP: 10.240.1.10}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: "y", labels: {pod: a}}
            spec: {nodeName: node1, containers: [{name: c, image: i}]}
            status: {podIP: 10.240.1.11}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: "z", labels: {pod: a}}
            spec: {nodeName: node1, containers: [{name: c, image: i}]}
            status: {podIP: 10.240.1.12}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: only-y-on-80, namespace: "x"}
            spec:
              podSelector: {}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]
                ports: [{port: 80, protocol: TCP}]
            """;

    private static final int CT_NEW = 1 << 8;

    /**
     * A ctnetlink dump, message by message as the kernel writes it: z/a -> x/a:80 (denied), y/a -> x/a:80
     * (allowed), y/a -> x/a:81 UDP (denied: port), node -> x/a, a DNAT to x/a, ICMP z -> x; then what is left out:
     * an entry of another network, one of conntrack zone 7 and one with a zone in its tuple, an IPv6 entry, GRE, and
     * a message that is not an entry.
     */
    private static final List<NetlinkSocket.Reply> DUMP = List.of(
            ports(6, "10.240.1.12", "10.240.1.10", 40001, 80, "10.240.1.10", "10.240.1.12", 80, 40001, -1, -1),
            ports(6, "10.240.1.11", "10.240.1.10", 40002, 80, "10.240.1.10", "10.240.1.11", 80, 40002, -1, -1),
            ports(17, "10.240.1.11", "10.240.1.10", 40003, 81, "10.240.1.10", "10.240.1.11", 81, 40003, -1, -1),
            ports(6, "10.240.1.1", "10.240.1.10", 40004, 80, "10.240.1.10", "10.240.1.1", 80, 40004, -1, -1),
            ports(6, "10.240.1.12", "10.96.0.10", 40005, 8080, "10.240.1.10", "10.240.1.12", 80, 40005, -1, -1),
            icmp("10.240.1.12", "10.240.1.10", 8, 0, 77),
            ports(6, "10.9.9.9", "10.9.9.8", 1, 2, "10.9.9.8", "10.9.9.9", 2, 1, -1, -1),
            ports(6, "10.240.1.12", "10.240.1.10", 40006, 80, "10.240.1.10", "10.240.1.12", 80, 40006, 7, -1),
            ports(6, "10.240.1.12", "10.240.1.10", 40007, 80, "10.240.1.10", "10.240.1.12", 80, 40007, -1, 7),
            reply(CT_NEW, 10, tuples(new NetlinkMessage(0, 0).u8(2).u8(0).u16(0), 6, "10.240.1.12", "10.240.1.10", 2, 80, "10.240.1.10", "10.240.1.12", 80, 2, -1)),
            ports(47, "10.240.1.12", "10.240.1.10", 0, 0, "10.240.1.10", "10.240.1.12", 0, 0, -1, -1),
            reply(CT_NEW + 1, -1, tuples(new NetlinkMessage(0, 0).u8(2).u8(0).u16(0), 6, "10.240.1.12", "10.240.1.10", 1, 80, "10.240.1.10", "10.240.1.12", 80, 1, -1)));

    /** A TCP, UDP or other entry with ports; {@code zone} (CTA_ZONE) and {@code tupleZone} (CTA_TUPLE_ZONE) when ≥ 0. */
    private static NetlinkSocket.Reply ports(int protocol, String source, String destination, int sport, int dport,
                                            String replySource, String replyDestination, int replySport, int replyDport,
                                            int zone, int tupleZone) {
        NetlinkMessage message = tuples(new NetlinkMessage(0, 0).u8(2).u8(0).u16(0), protocol, source, destination, sport,
                dport, replySource, replyDestination, replySport, replyDport, tupleZone);
        if (zone >= 0) {
            message.attributeBe16(18, zone);
        }
        return reply(CT_NEW, -1, message.attributeU32(3, 0x8e)); // CTA_STATUS after the tuples, as the kernel writes it
    }

    private static NetlinkMessage tuples(NetlinkMessage message, int protocol, String source, String destination,
                                         int sport, int dport, String replySource, String replyDestination,
                                         int replySport, int replyDport, int tupleZone) {
        tuple(message, 1, protocol, source, destination, sport, dport, tupleZone);
        return tuple(message, 2, protocol, replySource, replyDestination, replySport, replyDport, -1);
    }

    private static NetlinkMessage tuple(NetlinkMessage message, int which, int protocol, String source,
                                        String destination, int sport, int dport, int tupleZone) {
        message.beginNested(which | 0x8000)
                .beginNested(1 | 0x8000)
                .attribute(1, Ipv4.parseHost(source, "source").bytes())
                .attribute(2, Ipv4.parseHost(destination, "destination").bytes())
                .endNested()
                .beginNested(2 | 0x8000).attributeU8(1, protocol);
        if (protocol != 47) {
            message.attributeBe16(2, sport).attributeBe16(3, dport);
        }
        message.endNested();
        if (tupleZone >= 0) {
            message.attributeBe16(3, tupleZone);
        }
        return message.endNested();
    }

    private static NetlinkSocket.Reply icmp(String source, String destination, int type, int code, int id) {
        NetlinkMessage message = new NetlinkMessage(0, 0).u8(2).u8(0).u16(0);
        for (int which = 1; which <= 2; which++) {
            message.beginNested(which | 0x8000)
                    .beginNested(1 | 0x8000)
                    .attribute(1, Ipv4.parseHost(which == 1 ? source : destination, "source").bytes())
                    .attribute(2, Ipv4.parseHost(which == 1 ? destination : source, "destination").bytes())
                    .endNested()
                    .beginNested(2 | 0x8000).attributeU8(1, 1)
                    .attributeBe16(4, id).attributeU8(5, which == 1 ? type : 0).attributeU8(6, code)
                    .endNested()
                    .endNested();
        }
        return reply(CT_NEW, -1, message);
    }

    /** The message as the socket hands it over: its type and the body after the 16-byte header; {@code family} ≥ 0 overrides. */
    private static NetlinkSocket.Reply reply(int type, int family, NetlinkMessage message) {
        byte[] bytes = message.bytes(1);
        byte[] body = java.util.Arrays.copyOfRange(bytes, 16, bytes.length);
        if (family >= 0) {
            body[0] = (byte) family;
        }
        return new NetlinkSocket.Reply(type, body);
    }

    @TempDir
    Path dir;

    private PolicyModel model() throws IOException {
        Path state = dir.resolve("state.yaml");
        Files.writeString(state, STATE);
        return ModelTruth.model(state);
    }

    private static final ClusterNode NODE1 = new ClusterNode("node1", Ipv4.parse("10.240.1.0/24", "cidr"), Ipv4.parseHost("192.168.240.1", "ip"));

    @Test
    void readsTheOriginalTupleAndTheReplySourceOfIpv4EntriesOfTheDefaultZone() {
        List<EstablishedFlows.Entry> entries = EstablishedFlows.entries(DUMP);
        assertEquals(7, entries.size(), "zoned, IPv6, GRE and non-entry messages are left out: " + entries);
        assertEquals("tcp 10.240.1.12:40001 -> 10.240.1.10:80", entries.get(0).describe());
        assertEquals(80, entries.get(0).port());
        assertEquals("udp 10.240.1.11:40003 -> 10.240.1.10:81", entries.get(2).describe());
        EstablishedFlows.Entry dnat = entries.get(4);
        assertEquals("10.96.0.10", dnat.destination());
        assertEquals("10.240.1.10", dnat.replySource());
        assertEquals(80, dnat.port(), "the port the pod serves on, behind the DNAT");
        assertEquals("tcp 10.240.1.12:40005 -> 10.96.0.10:8080", dnat.describe());
        assertEquals("icmp 10.240.1.12 -> 10.240.1.10 type 8 code 0 id 77", entries.get(5).describe());
        assertEquals(2048, entries.get(5).port());
    }

    @Test
    void cutsWhatTheModelDeniesToAChangedPodAndNothingElse() throws IOException {
        List<EstablishedFlows.Entry> denied = EstablishedFlows.denied(EstablishedFlows.entries(DUMP), Set.of("10.240.1.10"), model(), NODE1);
        assertEquals(List.of(
                "tcp 10.240.1.12:40001 -> 10.240.1.10:80",
                "udp 10.240.1.11:40003 -> 10.240.1.10:81",
                "tcp 10.240.1.12:40005 -> 10.96.0.10:8080",
                "icmp 10.240.1.12 -> 10.240.1.10 type 8 code 0 id 77"),
                denied.stream().map(EstablishedFlows.Entry::describe).toList(),
                "z/a -> x/a, y/a -> x/a on 81/UDP, z/a through a DNAT and z/a's ping are denied; y/a -> x/a:80 and the node's own are not");
    }

    @Test
    void onlyEntriesTouchingAChangedPodAreLookedAt() throws IOException {
        assertEquals(List.of("udp 10.240.1.11:40003 -> 10.240.1.10:81"),
                EstablishedFlows.denied(EstablishedFlows.entries(DUMP), Set.of("10.240.1.11"), model(), NODE1).stream()
                        .map(EstablishedFlows.Entry::describe).toList(),
                "only y/a changed: its denied flow goes, z/a's denied flows wait for a change of x/a or z/a");
        assertEquals(List.of(), EstablishedFlows.denied(EstablishedFlows.entries(DUMP), Set.of(), model(), NODE1));
    }

    @Test
    void changedPodsAreThoseWhoseChainNamesDifferOrThatCameOrWent() {
        FirewallRuleset before = ruleset(Map.of("10.0.0.1", "E-1 I-1", "10.0.0.2", "E-1 I-2", "10.0.0.3", "E-1 I-1"));
        FirewallRuleset after = ruleset(Map.of("10.0.0.1", "E-1 I-1", "10.0.0.2", "E-1 I-3", "10.0.0.4", "E-1 I-1"));
        assertEquals(Set.of("10.0.0.2", "10.0.0.3", "10.0.0.4"), EstablishedFlows.changedPods(before, after));
        assertEquals(Set.of(), EstablishedFlows.changedPods(after, after));
        assertEquals(Set.of("10.0.0.1", "10.0.0.2", "10.0.0.4"), EstablishedFlows.changedPods(null, after),
                "the first apply looks at every pod: flows may predate the agent");
    }

    private static FirewallRuleset ruleset(Map<String, String> podChains) {
        return new FirewallRuleset(List.of(), Map.of(), List.of(), List.of(), podChains);
    }
}

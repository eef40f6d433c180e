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

/** Which conntrack entries a change cuts: parsing the listing, the pods whose chains changed, and the model's verdicts. */
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

    /** z/a -> x/a:80 (denied), y/a -> x/a:80 (allowed), y/a -> x/a:81 (denied: port), node -> x/a, a DNAT to x/a, ICMP z -> x. */
    private static final String LISTING = """
            tcp      6 431999 ESTABLISHED src=10.240.1.12 dst=10.240.1.10 sport=40001 dport=80 src=10.240.1.10 dst=10.240.1.12 sport=80 dport=40001 [ASSURED] mark=0 use=1
            tcp      6 431999 ESTABLISHED src=10.240.1.11 dst=10.240.1.10 sport=40002 dport=80 src=10.240.1.10 dst=10.240.1.11 sport=80 dport=40002 [ASSURED] mark=0 use=1
            udp      17 29 src=10.240.1.11 dst=10.240.1.10 sport=40003 dport=81 [UNREPLIED] src=10.240.1.10 dst=10.240.1.11 sport=81 dport=40003 mark=0 use=1
            tcp      6 431999 ESTABLISHED src=10.240.1.1 dst=10.240.1.10 sport=40004 dport=80 src=10.240.1.10 dst=10.240.1.1 sport=80 dport=40004 [ASSURED] mark=0 use=1
            tcp      6 431999 ESTABLISHED src=10.240.1.12 dst=10.96.0.10 sport=40005 dport=8080 src=10.240.1.10 dst=10.240.1.12 sport=80 dport=40005 [ASSURED] mark=0 use=1
            icmp     1 29 src=10.240.1.12 dst=10.240.1.10 type=8 code=0 id=77 src=10.240.1.10 dst=10.240.1.12 type=0 code=0 id=77 mark=0 use=1
            tcp      6 431999 ESTABLISHED src=10.9.9.9 dst=10.9.9.8 sport=1 dport=2 src=10.9.9.8 dst=10.9.9.9 sport=2 dport=1 [ASSURED] mark=0 use=1
            ipv6     10 tcp      6 431999 ESTABLISHED src=fd00::1 dst=fd00::2 sport=1 dport=2 src=fd00::2 dst=fd00::1 sport=2 dport=1 mark=0 use=1
            gre      47 179 src=10.240.1.12 dst=10.240.1.10 srckey=0x0 dstkey=0x0 src=10.240.1.10 dst=10.240.1.12 srckey=0x0 dstkey=0x0 mark=0 use=1
            """;

    @TempDir
    Path dir;

    private PolicyModel model() throws IOException {
        Path state = dir.resolve("state.yaml");
        Files.writeString(state, STATE);
        return ModelTruth.model(state);
    }

    private static final ClusterNode NODE1 = new ClusterNode("node1", Ipv4.parse("10.240.1.0/24", "cidr"), Ipv4.parseHost("192.168.240.1", "ip"));

    @Test
    void parsesTheOriginalTupleAndTheReplySourceOfIpv4Entries() {
        List<EstablishedFlows.Entry> entries = EstablishedFlows.parse(LISTING);
        assertEquals(7, entries.size(), "IPv6 and GRE lines are left out: " + entries);
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
        List<EstablishedFlows.Entry> denied = EstablishedFlows.denied(EstablishedFlows.parse(LISTING), Set.of("10.240.1.10"), model(), NODE1);
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
                EstablishedFlows.denied(EstablishedFlows.parse(LISTING), Set.of("10.240.1.11"), model(), NODE1).stream()
                        .map(EstablishedFlows.Entry::describe).toList(),
                "only y/a changed: its denied flow goes, z/a's denied flows wait for a change of x/a or z/a");
        assertEquals(List.of(), EstablishedFlows.denied(EstablishedFlows.parse(LISTING), Set.of(), model(), NODE1));
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

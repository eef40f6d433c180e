package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.palisade.source.ManifestLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The compiled ruleset of a fixed state, as the exact iptables-restore and ipset input, against golden files
 * ({@code src/test/resources/enforcer/golden}). Rewrite them with {@code -Dpalisade.updateGolden=true} after a
 * deliberate change, and read the diff.
 */
class RuleCompilerGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/enforcer/golden");

    private static FirewallRuleset compile(EnforcerSettings settings) {
        ManifestLoader.Result loaded = new ManifestLoader().load(List.of(GOLDEN.resolve("state.yaml").toString()),
                InputStream.nullInputStream(), path -> false);
        assertEquals(List.of(), loaded.errors());
        ClusterState state = ClusterState.of(loaded.objects());
        assertEquals(List.of(), state.errors());
        return new RuleCompiler(settings).compile(state, state.node("node1").orElseThrow());
    }

    @Test
    void iptablesRestoreInputMatchesTheGoldenFile() throws IOException {
        FirewallRuleset ruleset = compile(EnforcerSettings.defaults("node1"));
        String text = IptablesRestoreWriter.write(ruleset, Set.of("PALISADE-I-0000000000000000"), Set.of("INPUT"));
        assertGolden("node1.iptables", text);
    }

    @Test
    void ipsetInputMatchesTheGoldenFile() throws IOException {
        FirewallRuleset ruleset = compile(EnforcerSettings.defaults("node1"));
        assertGolden("node1.ipset", IpsetRestoreWriter.write(ruleset.sets(), java.util.Map.of()));
    }

    @Test
    void rejectAndLoggingChangeOnlyTheDenyChain() {
        FirewallRuleset drop = compile(EnforcerSettings.defaults("node1"));
        EnforcerSettings reject = new EnforcerSettings("node1", "cni0", "palisade.vxlan", 1, 4789, "", 0,
                EnforcerSettings.DenyAction.REJECT, EnforcerSettings.DenyLog.LOG, java.time.Duration.ofSeconds(30));
        FirewallRuleset rejecting = compile(reject);
        List<String> denyChain = rejecting.chains().stream().filter(c -> c.name().equals(RuleCompiler.DENY)).findFirst().orElseThrow().rules();
        assertEquals(List.of("-m limit --limit 10/min -j LOG --log-prefix \"palisade-deny: \"",
                "-j REJECT --reject-with icmp-port-unreachable"), denyChain);
        assertEquals(drop.chains().stream().filter(c -> !c.name().equals(RuleCompiler.DENY)).toList(),
                rejecting.chains().stream().filter(c -> !c.name().equals(RuleCompiler.DENY)).toList());
    }

    @Test
    void keepEstablishedLeavesOutOnlyTheRuleThatStopsMidStreamPickups() {
        FirewallRuleset cutting = compile(EnforcerSettings.defaults("node1"));
        EnforcerSettings keep = new EnforcerSettings("node1", "cni0", "palisade.vxlan", 1, 4789, "", 0,
                EnforcerSettings.DenyAction.DROP, EnforcerSettings.DenyLog.NONE, java.time.Duration.ofSeconds(30), false);
        FirewallRuleset keeping = compile(keep);
        List<String> midStream = cutting.chains().getFirst().rules().stream().filter(rule -> rule.contains("--tcp-flags")).toList();
        assertEquals(List.of(
                "-s 10.240.1.0/24 -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j PALISADE-DENY",
                "-d 10.240.1.0/24 -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j PALISADE-DENY"), midStream);
        List<String> rest = new java.util.ArrayList<>(cutting.chains().getFirst().rules());
        rest.removeAll(midStream);
        assertEquals(rest, keeping.chains().getFirst().rules());
        assertEquals(cutting.chains().subList(1, cutting.chains().size()), keeping.chains().subList(1, keeping.chains().size()));
        assertEquals(Set.of("10.240.1.10", "10.240.1.11"), cutting.podChains().keySet(), "the local pods, by address");
        Set<String> names = new java.util.HashSet<>();
        cutting.chains().forEach(chain -> names.add(chain.name()));
        cutting.podChains().values().forEach(pair -> {
            String[] chains = pair.split(" ");
            assertTrue(chains[0].startsWith("PALISADE-E-") && chains[1].startsWith("PALISADE-I-") && names.containsAll(List.of(chains)),
                    "egress then ingress chain of the ruleset: " + pair);
        });
    }

    @Test
    void aPodOfAnotherNodeGetsNoChainsHere() {
        FirewallRuleset ruleset = compile(EnforcerSettings.defaults("node1"));
        // Pods reach their chains through dispatch sets (one per distinct chain): every local pod is in one egress and
        // one ingress dispatch set, the pod of node2 in none.
        List<String> dispatched = new java.util.ArrayList<>();
        for (String rule : ruleset.chains().getFirst().rules()) {
            if (rule.startsWith("-m set --match-set ") && rule.contains(" -j PALISADE-E-") || rule.contains(" -j PALISADE-I-")) {
                String set = rule.split(" ")[3];
                ruleset.sets().stream().filter(s -> s.name().equals(set)).forEach(s -> dispatched.addAll(s.entries()));
            }
        }
        assertEquals(List.of("10.240.1.10/32", "10.240.1.10/32", "10.240.1.11/32", "10.240.1.11/32"),
                dispatched.stream().sorted().toList(), "y/c lives on node2");
    }

    @Test
    void podsUnderTheSamePoliciesShareTheirChains() {
        String node = "apiVersion: v1\nkind: Node\nmetadata: {name: node1}\nspec: {podCIDR: 10.240.1.0/24}\n"
                + "status: {addresses: [{type: InternalIP, address: 192.168.240.1}]}\n---\n";
        StringBuilder pods = new StringBuilder(node);
        for (int i = 0; i < 6; i++) {
            pods.append("apiVersion: v1\nkind: Pod\nmetadata: {name: p").append(i).append(", namespace: x, labels: {app: a")
                    .append(i % 2).append("}}\nspec: {nodeName: node1, containers: [{name: c, image: i}]}\nstatus: {podIP: 10.240.1.")
                    .append(10 + i).append("}\n---\n");
        }
        String policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: only-a0, namespace: x}\n"
                + "spec: {podSelector: {matchLabels: {app: a0}}, policyTypes: [Ingress]}\n";
        for (String state : List.of(pods.toString(), pods + policy)) {
            ClusterState cluster = ClusterState.of(dev.palisade.testing.Lint.objects(state));
            FirewallRuleset ruleset = new RuleCompiler(EnforcerSettings.defaults("node1")).compile(cluster, cluster.node("node1").orElseThrow());
            int expected = state.contains("only-a0") ? 2 : 1; // a0 pods isolated for ingress, a1 pods not
            assertEquals(1, ruleset.chains().stream().filter(c -> c.name().startsWith("PALISADE-E-")).count(), "one egress chain for six pods");
            assertEquals(expected, ruleset.chains().stream().filter(c -> c.name().startsWith("PALISADE-I-")).count());
            assertEquals(1 + expected, ruleset.chains().getFirst().rules().stream()
                    .filter(r -> r.contains(" -j PALISADE-E-") || r.contains(" -j PALISADE-I-")).count(), "one dispatch rule per chain");
        }
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("palisade.updateGolden")) {
            Files.writeString(file, actual);
        }
        assertEquals(Files.readString(file), actual, "differs from " + file + " (-Dpalisade.updateGolden=true rewrites it)");
    }

    @Test
    void aPortRangeWithoutProtocolIsNeverWidenedToEveryPort() {
        ClusterState state = ClusterState.of(dev.palisade.testing.Lint.objects("""
                apiVersion: v1
                kind: Node
                metadata: {name: node1}
                spec: {podCIDR: 10.240.1.0/24}
                status: {addresses: [{type: InternalIP, address: 192.168.240.1}]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: a, namespace: x, labels: {pod: a}}
                spec: {nodeName: node1, containers: [{name: c, image: i}]}
                status: {podIP: 10.240.1.10}
                ---
                apiVersion: projectcalico.org/v3
                kind: NetworkPolicy
                metadata: {name: ports-only, namespace: x}
                spec:
                  selector: all()
                  types: [Ingress]
                  ingress:
                  - action: Allow
                    destination: {ports: [8080]}
                """));
        String all = IptablesRestoreWriter.write(new RuleCompiler(EnforcerSettings.defaults("node1"))
                .compile(state, state.node("node1").orElseThrow()), Set.of(), Set.of());
        // The model leaves a Calico rule with ports but no protocol out (with an error): nothing is allowed.
        assertEquals(1, state.errors().size(), state.errors().toString());
        assertEquals(List.of(), all.lines().filter(line -> line.contains("--set-xmark 0x10000/0x10000")).toList(), all);
        // Should a range without protocol reach the compiler, it stays a range on every protocol that has ports.
        assertEquals(List.of("-p tcp -m tcp --dport 80:90 ", "-p udp -m udp --dport 80:90 ", "-p sctp -m sctp --dport 80:90 "),
                RuleCompiler.portArguments(new dev.palisade.netpol.PortMatch(null, 80, 90)));
        assertEquals(List.of(""), RuleCompiler.portArguments(dev.palisade.netpol.PortMatch.ANY));
    }
}

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
        assertEquals(List.of("-m limit --limit 10/min --limit-burst 5 -j LOG --log-prefix \"palisade-deny: \"",
                "-j REJECT --reject-with icmp-port-unreachable"), denyChain);
        assertEquals(drop.chains().stream().filter(c -> !c.name().equals(RuleCompiler.DENY)).toList(),
                rejecting.chains().stream().filter(c -> !c.name().equals(RuleCompiler.DENY)).toList());
    }

    @Test
    void aPodOfAnotherNodeGetsNoChainsHere() {
        FirewallRuleset ruleset = compile(EnforcerSettings.defaults("node1"));
        String all = IptablesRestoreWriter.write(ruleset, Set.of(), Set.of());
        assertTrue(all.contains("-s 10.240.1.10/32 -j"), all);
        assertTrue(all.contains("-s 10.240.1.11/32 -j"), all);
        assertTrue(!all.contains("-s 10.240.2.10/32 -j"), "y/c lives on node2");
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

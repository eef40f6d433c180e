package dev.palisade.enforcer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enforcer as a running node agent on the real kernel: dynamic changes, a crash in the middle of a sync, another
 * tool flushing its chains, nodes joining and leaving the overlay, a device with the wrong settings, uninstall.
 */
@KernelTest
class EnforcerLifecycleKernelTest {
    private static final String ALLOW_Y_TO_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-from-y, namespace: x}
            spec:
              podSelector: {matchLabels: {pod: a}}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {ns: "y"}}, podSelector: {matchLabels: {role: client}}}]
            """;
    @RegisterExtension
    final Labs labs = new Labs();

    private static Process startEnforcer(Lab lab, Lab.Node node, Path state, Path log) {
        return lab.start(node.netns(), log, EnforcerProcess.command(node, state, "--deny-action", "REJECT", "--resync", "1"));
    }

    @Test
    void labelChangePolicyUpdateAndANewPodFollowTheStateWhileRunning() throws Exception {
        try (Lab lab = labs.create()) {
            Lab.Node n1 = lab.addNode("node1");
            Lab.Node n2 = lab.addNode("node2");
            Lab.Pod xa = lab.addPod(n1, "x", "a", Map.of("pod", "a"));
            Lab.Pod ya = lab.addPod(n2, "y", "a", Map.of("pod", "a"));
            try (Prober prober = new Prober(lab.pods.values())) {
                Path state = LabState.write(lab, List.of(Labs.DENY_X, ALLOW_Y_TO_X));
                Path log1 = lab.dir.resolve("n1.log");
                Path log2 = lab.dir.resolve("n2.log");
                startEnforcer(lab, n1, state, log1);
                startEnforcer(lab, n2, state, log2);
                EnforcerProcess.awaitSyncs(log1, 1, 60_000);
                EnforcerProcess.awaitSyncs(log2, 1, 60_000);
                assertAgrees(prober, lab, state, 1, "y/a has no role=client yet");

                // Label change: y/a becomes a client and may reach x/a.
                lab.pods.put(ya.key(), new Lab.Pod("y", "a", n2, ya.netns(), ya.ip(), Map.of("pod", "a", "role", "client")));
                state = LabState.write(lab, List.of(Labs.DENY_X, ALLOW_Y_TO_X));
                EnforcerProcess.awaitSyncs(log1, 2, 30_000);
                assertTrue(probeOne(prober, lab.pods.get("y/a"), xa), "after the label change y/a reaches x/a");
                assertAgrees(prober, lab, state, 0, "label change");

                // Policy update: the allow policy goes away.
                state = LabState.write(lab, List.of(Labs.DENY_X));
                EnforcerProcess.awaitSyncs(log1, 3, 30_000);
                assertFalse(probeOne(prober, lab.pods.get("y/a"), xa), "after the policy update y/a no longer reaches x/a");
                assertAgrees(prober, lab, state, 0, "policy update");

                // A pod the enforcer does not know yet is unreachable; once its rules are in, it follows the model.
                Lab.Pod yb = lab.addPod(n1, "y", "b", Map.of("pod", "b"));
                prober.serve(yb);
                assertFalse(probeOne(prober, ya, yb), "a pod without rules is behind the deny floor");
                assertFalse(probeOne(prober, yb, ya), "a pod without rules cannot send either");
                state = LabState.write(lab, List.of(Labs.DENY_X));
                EnforcerProcess.awaitSyncs(log1, 4, 30_000);
                assertTrue(probeOne(prober, ya, yb), "with its rules in, the new (non-isolated) pod is reachable");
                assertAgrees(prober, lab, state, 0, "pod added");
            }
        }
    }

    @Test
    void killedInTheMiddleOfSyncsAnIsolatedPodIsNeverReachable() throws Exception {
        try (Lab lab = labs.create()) {
            Lab.Node n1 = lab.addNode("node1");
            Lab.Pod xa = lab.addPod(n1, "x", "a", Map.of("pod", "a"));
            Lab.Pod ya = lab.addPod(n1, "y", "a", Map.of("pod", "a"));
            Lab.Pod yb = lab.addPod(n1, "y", "b", Map.of("pod", "b"));
            try (Prober prober = new Prober(lab.pods.values())) {
                Path state = LabState.write(lab, List.of(Labs.DENY_X));
                EnforcerProcess.once(lab, n1, state, "--deny-action", "REJECT");
                assertFalse(probeOne(prober, ya, xa));
                AtomicInteger breaches = new AtomicInteger();
                AtomicLong probes = new AtomicLong();
                AtomicInteger open = new AtomicInteger();
                Thread prober1 = Thread.ofPlatform().start(() -> {
                    long end = System.nanoTime() + 25_000_000_000L;
                    while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                        try {
                            var results = prober.probe(List.of(new Prober.Probe(ya, xa, 80, dev.palisade.netpol.Protocol.TCP),
                                    new Prober.Probe(ya, yb, 80, dev.palisade.netpol.Protocol.TCP)), 300);
                            probes.incrementAndGet();
                            results.forEach((probe, connected) -> {
                                if (probe.to() == xa && connected) {
                                    breaches.incrementAndGet();
                                }
                                if (probe.to() == yb && connected) {
                                    open.incrementAndGet();
                                }
                            });
                        } catch (Exception e) {
                            return;
                        }
                    }
                });
                // Five rounds: change the state (so the restarted enforcer has real work), start it, and kill it with
                // SIGKILL at a random moment within 50 ms after it said it started a sync (a sync of this state now
                // takes about that long: with 150 ms, all five could land after the sync had finished).
                int killedMidSync = 0;
                for (int round = 0; round < 5; round++) {
                    String extra = """
                            apiVersion: networking.k8s.io/v1
                            kind: NetworkPolicy
                            metadata: {name: churn-%d, namespace: "y"}
                            spec:
                              podSelector: {matchLabels: {pod: a}}
                              policyTypes: [Egress]
                              egress: [{}]
                            """.formatted(round);
                    state = LabState.write(lab, List.of(Labs.DENY_X, extra));
                    Path log = lab.dir.resolve("kill-" + round + ".log");
                    Process enforcer = startEnforcer(lab, n1, state, log);
                    for (int wait = 0; wait < 600 && !(Files.exists(log) && Files.readString(log).contains(" syncing ")); wait++) {
                        Thread.sleep(10);
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextInt(50));
                    enforcer.destroyForcibly(); // SIGKILL: no chance to clean up
                    enforcer.waitFor();
                    if (!Files.readString(log).contains(" synced: ")) {
                        killedMidSync++;
                    }
                }
                prober1.join(30_000);
                assertTrue(probes.get() > 10, "the continuous probe ran (" + probes.get() + " rounds)");
                assertTrue(killedMidSync > 0, "at least one enforcer died between starting and finishing a sync");
                assertTrue(open.get() > 0, "the probe can see an open path (y/a -> y/b), so a breach would show");
                assertEquals(0, breaches.get(), "x/a was reachable while the enforcer was killed and restarted");
                EnforcerProcess.once(lab, n1, state, "--deny-action", "REJECT");
                assertAgrees(prober, lab, state, 1, "after the last restart");
            }
        }
    }

    @Test
    void rulesFlushedBySomeoneElseAreRestored() throws Exception {
        try (Lab lab = labs.create()) {
            Lab.Node n1 = lab.addNode("node1");
            Lab.Pod xa = lab.addPod(n1, "x", "a", Map.of("pod", "a"));
            Lab.Pod ya = lab.addPod(n1, "y", "a", Map.of("pod", "a"));
            try (Prober prober = new Prober(lab.pods.values())) {
                Path state = LabState.write(lab, List.of(Labs.DENY_X));
                Path log = lab.dir.resolve("n1.log");
                startEnforcer(lab, n1, state, log);
                EnforcerProcess.awaitSyncs(log, 1, 60_000);
                assertFalse(probeOne(prober, ya, xa));
                String chains = lab.exec(n1.netns(), "iptables-save", "-t", "filter");
                lab.exec(n1.netns(), "iptables", "-F", "PALISADE-FORWARD");
                lab.exec(n1.netns(), "iptables", "-D", "FORWARD", "-j", "PALISADE-FORWARD");
                // Repaired by the drift guard (woken by the nf_tables change), without a sync.
                for (int wait = 0; wait < 300 && !Files.readString(log).contains("changed by someone else"); wait++) {
                    Thread.sleep(100);
                }
                assertTrue(Files.readString(log).contains("changed by someone else"), Files.readString(log));
                // The flush and the deletion may be seen as two changes, so two repairs: wait (bounded) for the second.
                for (int wait = 0; wait < 50 && !ownLines(chains).equals(ownLines(lab.exec(n1.netns(), "iptables-save", "-t", "filter"))); wait++) {
                    Thread.sleep(100);
                }
                assertFalse(probeOne(prober, ya, xa), "x/a is isolated again");
                assertEquals(ownLines(chains), ownLines(lab.exec(n1.netns(), "iptables-save", "-t", "filter")),
                        "the restored chains equal the ones before the flush");
            }
        }
    }

    @Test
    void aFailedApplyKeepsTheLastGoodRuleset() throws Exception {
        try (Lab lab = labs.create()) {
            Lab.Node n1 = lab.addNode("node1");
            Lab.Pod xa = lab.addPod(n1, "x", "a", Map.of("pod", "a"));
            Lab.Pod ya = lab.addPod(n1, "y", "a", Map.of("pod", "a"));
            try (Prober prober = new Prober(lab.pods.values())) {
                Path state = LabState.write(lab, List.of(Labs.DENY_X));
                EnforcerProcess.once(lab, n1, state, "--deny-action", "REJECT");
                String before = String.join("\n", ownLines(lab.exec(n1.netns(), "iptables-save", "-t", "filter")));
                // The kernel refuses the next ruleset: an iptables-restore that fails as a rejected commit does.
                Path tools = Files.createDirectories(lab.dir.resolve("failing-tools"));
                Path restore = tools.resolve("iptables-restore");
                Files.writeString(restore, "#!/bin/sh\ncat >/dev/null\necho 'iptables-restore: line 3 failed' >&2\nexit 1\n");
                restore.toFile().setExecutable(true);
                state = LabState.write(lab, List.of()); // would open x/a
                List<String> command = new ArrayList<>(List.of("env", "PATH=" + tools + ":/usr/sbin:/usr/bin:/sbin:/bin"));
                command.addAll(EnforcerProcess.command(n1, state, "--deny-action", "REJECT", "--once"));
                Path log = lab.dir.resolve("failing.log");
                Process failing = lab.start(n1.netns(), log, command);
                assertTrue(failing.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(2, failing.exitValue(), Files.readString(log));
                assertTrue(Files.readString(log).contains("iptables-restore --noflush failed (exit 1): iptables-restore: line 3 failed"),
                        Files.readString(log));
                assertEquals(before, String.join("\n", ownLines(lab.exec(n1.netns(), "iptables-save", "-t", "filter"))),
                        "the last good ruleset is still installed");
                assertFalse(probeOne(prober, ya, xa), "x/a is still isolated");
                // The next good apply goes through and cleans up the sets the failed one made.
                EnforcerProcess.once(lab, n1, state, "--deny-action", "REJECT");
                assertTrue(probeOne(prober, ya, xa), "the new state applies once the kernel accepts it");
                assertAgrees(prober, lab, state, 0, "after recovery");
            }
        }
    }

    @Test
    void vxlanEntriesFollowNodesJoiningAndLeavingAndAWrongDeviceIsRecreated() throws Exception {
        try (Lab lab = labs.create()) {
            Lab.Node n1 = lab.addNode("node1");
            Lab.Node n2 = lab.addNode("node2");
            Lab.Pod a = lab.addPod(n1, "x", "a", Map.of("pod", "a"));
            lab.addPod(n2, "x", "b", Map.of("pod", "b"));
            // A device with the enforcer's name but the wrong VNI and learning on: it must be recreated.
            lab.ip(n1.netns(), "link", "add", EnforcerSettings.DEFAULT_VXLAN_DEVICE, "type", "vxlan", "id", "99", "dstport", "4789");
            try (Prober prober = new Prober(lab.pods.values())) {
                Path state = LabState.write(lab, List.of());
                Path log = lab.dir.resolve("n1.log");
                startEnforcer(lab, n1, state, log);
                EnforcerProcess.once(lab, n2, state);
                EnforcerProcess.awaitSyncs(log, 1, 60_000);
                RouteNetlink.Link device = overlayDevice(n1);
                assertEquals(1, device.vni());
                assertEquals(0, device.learning());
                assertEquals(1500 - 50, device.mtu());
                assertEquals("0a:58:c0:a8:f0:01", device.mac(), "MAC from InternalIP 192.168.240.1");
                assertEquals(List.of("10.240.2.0/24 via 10.240.2.0"), routes(n1));
                assertTrue(probeOne(prober, a, lab.pods.get("x/b")), "x/a reaches x/b across the overlay");

                Lab.Node n3 = lab.addNode("node3");
                Lab.Pod c = lab.addPod(n3, "x", "c", Map.of("pod", "c"));
                prober.serve(c);
                state = LabState.write(lab, List.of());
                EnforcerProcess.once(lab, n3, state);
                EnforcerProcess.once(lab, n2, state);
                EnforcerProcess.awaitSyncs(log, 2, 30_000);
                assertEquals(List.of("10.240.2.0/24 via 10.240.2.0", "10.240.3.0/24 via 10.240.3.0"), routes(n1));
                assertTrue(probeOne(prober, a, c), "x/a reaches the new node's pod");
                assertEquals(List.of("0a:58:c0:a8:f0:02 -> 192.168.240.2", "0a:58:c0:a8:f0:03 -> 192.168.240.3"), fdb(n1));

                lab.removeNode("node2");
                state = LabState.write(lab, List.of());
                EnforcerProcess.awaitSyncs(log, 3, 30_000);
                assertEquals(List.of("10.240.3.0/24 via 10.240.3.0"), routes(n1));
                assertEquals(List.of("0a:58:c0:a8:f0:03 -> 192.168.240.3"), fdb(n1));
                assertEquals(List.of("10.240.3.0"), NetworkNamespace.call(n1.netns(), () -> {
                    try (RouteNetlink netlink = new RouteNetlink()) {
                        int index = netlink.link(EnforcerSettings.DEFAULT_VXLAN_DEVICE).orElseThrow().index();
                        return netlink.neighbours(index).stream().map(n -> n.address().toString()).sorted().toList();
                    }
                }));
            }
        }
    }

    @Test
    void uninstallRemovesEverythingItCreatedAndNothingElse() throws Exception {
        try (Lab lab = labs.create()) {
            Lab.Node n1 = lab.addNode("node1");
            lab.addNode("node2");
            lab.addPod(n1, "x", "a", Map.of("pod", "a"));
            lab.exec(n1.netns(), "iptables", "-N", "SOMEONE-ELSE");
            lab.exec(n1.netns(), "iptables", "-A", "FORWARD", "-j", "SOMEONE-ELSE");
            lab.exec(n1.netns(), "ipset", "create", "someone-else", "hash:ip");
            Path state = LabState.write(lab, List.of(Labs.DENY_X));
            EnforcerProcess.once(lab, n1, state);
            assertTrue(lab.exec(n1.netns(), "iptables-save", "-t", "filter").contains("PALISADE-FORWARD"));
            assertTrue(lab.exec(n1.netns(), "ipset", "list", "-n").contains(IpSet.PREFIX));
            assertTrue(lab.ip(n1.netns(), "link", "show").contains(EnforcerSettings.DEFAULT_VXLAN_DEVICE));

            // As documented: no --node, no NODE_NAME, no state; removing what the enforcer owns needs none of them.
            Path log = lab.dir.resolve("uninstall.log");
            List<String> command = new ArrayList<>(List.of("env", "-u", "NODE_NAME"));
            List<String> enforce = EnforcerProcess.command(n1, state, "--uninstall");
            int node = enforce.indexOf("--node");
            enforce.subList(node, node + 4).clear(); // --node NAME --from-file STATE
            command.addAll(enforce);
            Process uninstall = lab.start(n1.netns(), log, command);
            assertTrue(uninstall.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, uninstall.exitValue(), Files.readString(log));

            String rules = lab.exec(n1.netns(), "iptables-save", "-t", "filter");
            assertFalse(rules.contains("PALISADE"), rules);
            assertTrue(rules.contains("-A FORWARD -j SOMEONE-ELSE"), rules);
            String sets = lab.exec(n1.netns(), "ipset", "list", "-n");
            assertEquals("someone-else", sets.strip());
            assertFalse(lab.ip(n1.netns(), "link", "show").contains(EnforcerSettings.DEFAULT_VXLAN_DEVICE));
        }
    }

    private static RouteNetlink.Link overlayDevice(Lab.Node node) {
        return NetworkNamespace.call(node.netns(), () -> {
            try (RouteNetlink netlink = new RouteNetlink()) {
                return netlink.link(EnforcerSettings.DEFAULT_VXLAN_DEVICE).orElseThrow();
            }
        });
    }

    private static List<String> routes(Lab.Node node) {
        return NetworkNamespace.call(node.netns(), () -> {
            try (RouteNetlink netlink = new RouteNetlink()) {
                int index = netlink.link(EnforcerSettings.DEFAULT_VXLAN_DEVICE).orElseThrow().index();
                return netlink.routes(index).stream().filter(RouteNetlink.Route::onlink)
                        .map(r -> r.destination() + " via " + r.gateway()).sorted().toList();
            }
        });
    }

    private static List<String> fdb(Lab.Node node) {
        return NetworkNamespace.call(node.netns(), () -> {
            try (RouteNetlink netlink = new RouteNetlink()) {
                int index = netlink.link(EnforcerSettings.DEFAULT_VXLAN_DEVICE).orElseThrow().index();
                return netlink.fdb(index).stream().map(e -> e.mac() + " -> " + e.destination()).sorted().toList();
            }
        });
    }

    private static List<String> ownLines(String saved) {
        return saved.lines().filter(line -> line.contains("PALISADE")).sorted().toList();
    }

    private static boolean probeOne(Prober prober, Lab.Pod from, Lab.Pod to) throws Exception {
        var probe = new Prober.Probe(from, to, 80, dev.palisade.netpol.Protocol.TCP);
        return prober.probe(List.of(probe), 1000).get(probe);
    }

    private static void assertAgrees(Prober prober, Lab lab, Path state, int minDenied, String when) throws Exception {
        var probes = Prober.allPairs(List.copyOf(lab.pods.values()));
        var results = prober.probe(probes, 1000);
        assertEquals(List.of(), ModelTruth.mismatches(state, results), when);
        assertTrue(probes.size() - ModelTruth.allowedCount(state, probes) >= minDenied, when + ": the model denies something");
    }
}

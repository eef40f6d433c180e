package dev.palisade.enforcer;

import dev.palisade.netpol.PolicyError;
import dev.palisade.netpol.PolicyModel;
import java.util.List;
import java.io.PrintStream;

/**
 * One node's enforcer: turns the cluster state into the desired ruleset and overlay and makes the kernel match,
 * on every change and on a timer. The firewall goes in before the overlay, so a pod is isolated before other nodes
 * can reach it. A sync that fails leaves the last good ruleset in place and is retried; drift (another tool flushed
 * or edited the owned chains, or changed the members of the owned sets) is repaired by the {@link DriftGuard} on
 * its own thread, within a second, whether or not the syncs succeed. After each apply, established connections the
 * new ruleset denies are cut ({@link EstablishedFlows}) unless {@code --keep-established}.
 */
public final class NodeEnforcer {
    private final EnforcerSettings settings;
    private final RuleCompiler compiler;
    private final Firewall firewall = new Firewall();
    private final EstablishedFlows flows = new EstablishedFlows();
    private final VxlanOverlay overlay;
    private final EnforcerMetrics metrics;
    private final PrintStream log;

    NodeEnforcer(EnforcerSettings settings, EnforcerMetrics metrics, PrintStream log) {
        this.settings = settings;
        this.compiler = new RuleCompiler(settings);
        this.overlay = new VxlanOverlay(settings);
        this.metrics = metrics;
        this.log = log;
        // jnr-ffi generates and loads the libc binding on first use (tens of ms in a fresh JVM): done beside the
        // reading of the state and the compile, not inside the first sync's overlay step. Loading a library changes
        // nothing in the kernel; a failure here is reported by the overlay's own first call.
        Thread.ofPlatform().daemon().name("palisade-libc").start(() -> {
            try {
                KernelCalls.load();
            } catch (RuntimeException | LinkageError e) {
                // the overlay's first call reports it
            }
        });
    }

    /** Applies one state: the ruleset, then the overlay. Throws {@link EnforcerException} when that fails. */
    public void sync(ClusterState state) {
        long start = System.nanoTime();
        ClusterNode self = state.node(settings.node()).orElseThrow(() -> new EnforcerException(
                "node " + settings.node() + " is not in the cluster state, or has no spec.podCIDR and InternalIP yet"));
        for (PolicyError error : state.errors()) {
            log.println("palisade enforce: skipped: " + error);
        }
        log.printf("palisade enforce: node %s syncing %d pods, %d policies%n", self.name(), state.model().pods().size(),
                state.model().policies().size());
        long modelled = System.nanoTime(); // the model was built with the state; rulesFor runs inside compile
        FirewallRuleset ruleset;
        long compiled;
        String phases;
        // The drift guard repairs and cuts under the same lock: never with an older model. The kernel is read under
        // it too, beside the compile (two processes while this thread compiles), so nothing the guard writes can
        // come between that read and the apply.
        synchronized (firewall) {
            Firewall.KernelRead read = firewall.startRead();
            try {
                ruleset = compiler.compile(state, self);
            } catch (RuntimeException | Error e) {
                read.discard();
                throw e;
            }
            compiled = System.nanoTime();
            for (String skipped : ruleset.skipped()) {
                log.println("palisade enforce: skipped: " + skipped);
            }
            metrics.skippedAddresses.set(ruleset.skipped().size());
            firewall.apply(ruleset, read);
            long cutStart = System.nanoTime();
            if (settings.cutDeniedFlows()) {
                cutDeniedFlows(self, "the new policy denies", () -> flows.cut(state.model(), self, ruleset));
            }
            phases = firewall.lastPhases + String.format(java.util.Locale.ROOT, ", conntrack-cut %.1f", (System.nanoTime() - cutStart) / 1e6);
            applied = new Applied(state.model(), self, ruleset);
        }
        long afterApply = System.nanoTime();
        int peers = overlay.reconcile(self, state.nodes());
        long end = System.nanoTime();
        metrics.synced(ruleset.ruleCount(), ruleset.sets().size(), peers, (end - start) / 1000);
        log.printf("palisade enforce: node %s synced: %d rules, %d sets, %d peers in %.1f ms (compile %.1f, firewall %.1f, overlay %.1f; wrote %d chains, %d sets)%n",
                self.name(), ruleset.ruleCount(), ruleset.sets().size(), peers, (end - start) / 1e6,
                (compiled - start) / 1e6, (afterApply - compiled) / 1e6, (end - afterApply) / 1e6,
                firewall.lastChainsWritten, firewall.lastSetsWritten);
        log.printf("palisade enforce: node %s sync phases (ms): rules %.1f, %s%n", self.name(), (compiled - modelled) / 1e6, phases);
    }

    /** What the last apply installed: the repair after drift cuts with the same model. Guarded by the firewall's lock. */
    private record Applied(PolicyModel model, ClusterNode self, FirewallRuleset ruleset) {}

    private Applied applied;

    /**
     * After the drift guard restored the rules, the connections opened while they were open are cut: every local
     * pod's entries are decided again (the restored chains are the same, so no pod counts as changed). Runs on the
     * drift guard's thread, holding the firewall's lock.
     */
    private void cutAfterRepair() {
        if (settings.cutDeniedFlows() && applied != null) {
            Applied last = applied;
            cutDeniedFlows(last.self(), "the policy denies, opened while the rules were changed",
                    () -> flows.cutAll(last.model(), last.self(), last.ruleset()));
        }
    }

    /**
     * Deletes the conntrack entries of connections the applied ruleset newly denies. A failure is logged and counted
     * but does not fail the sync: the ruleset is in, and the next sync compares with the same earlier ruleset again.
     */
    private void cutDeniedFlows(ClusterNode self, String which, java.util.function.Supplier<List<EstablishedFlows.Entry>> cutting) {
        long start = System.nanoTime();
        try {
            List<EstablishedFlows.Entry> cut = cutting.get();
            if (!cut.isEmpty()) {
                metrics.flowsCut.addAndGet(cut.size());
                log.printf("palisade enforce: node %s cut %d established flows %s in %.1f ms: %s%s%n",
                        self.name(), cut.size(), which, (System.nanoTime() - start) / 1e6,
                        String.join(", ", cut.stream().limit(5).map(EstablishedFlows.Entry::describe).toList()),
                        cut.size() > 5 ? ", ..." : "");
            }
        } catch (EnforcerException e) {
            metrics.flowCutErrors.incrementAndGet();
            log.println("palisade enforce: could not cut the established flows " + which + " (retried at the next sync): "
                    + e.getMessage());
        }
    }

    /**
     * Syncs from {@code source} until interrupted: at once, on every change, and every resync interval (the kernel
     * is checked for drift then, and the overlay reconciled).
     */
    void run(StateSource source) throws InterruptedException {
        ClusterState last = null; // the last state that was applied completely
        boolean changed = true;
        long resyncMillis = settings.resync().toMillis();
        // Drift is watched on its own thread: a sync that keeps failing (a broken state, an API server away) must not
        // stop the last good ruleset from being repaired.
        try (DriftGuard guard = new DriftGuard(firewall, metrics, log, resyncMillis, this::cutAfterRepair).start()) {
            while (!Thread.currentThread().isInterrupted()) {
                boolean failed = false;
                try {
                    if (changed || last == null) {
                        ClusterState next = ClusterState.of(source.read());
                        sync(next);
                        last = next;
                    } else {
                        metrics.peers.set(overlay.reconcile(last.node(settings.node()).orElseThrow(), last.nodes()));
                    }
                } catch (EnforcerException e) {
                    failed = true;
                    metrics.syncErrors.incrementAndGet();
                    log.println("palisade enforce: sync failed, the last good ruleset stays: " + e.getMessage());
                }
                // A failed sync is retried at the next resync even when nothing changes.
                changed = source.awaitChange(resyncMillis) || failed;
            }
        }
    }

    /** Removes the owned chains, the jumps into them, the owned sets and the VXLAN device; nothing else. */
    void uninstall() {
        firewall.uninstall();
        overlay.remove();
        log.println("palisade enforce: removed the enforcer's chains, sets and VXLAN device " + settings.vxlanDevice());
    }

}

package dev.palisade.enforcer;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the last applied ruleset in the kernel on its own thread, whether or not the syncs that follow succeed. It
 * wakes on every nf_tables change (a NETLINK_NETFILTER socket subscribed to the nf_tables multicast group, which
 * hears every iptables-nft edit of any chain) and at least every {@value #TICK_MILLIS} ms: the members of the owned
 * sets are compared on every wake (ipset sends no notifications, so the tick is their bound), the owned chains on
 * every nf_tables notification and at least every resync interval. With iptables-legacy, which notifies nothing,
 * the chains are compared on every tick as well. Whatever differs is repaired by re-applying the last ruleset.
 *
 * <p>The thread is started from the thread that runs the enforcer, so with {@code --netns} it is in the node's
 * namespace too (a new thread inherits its creator's namespaces), as are its netlink socket and the tools it runs.
 */
final class DriftGuard implements AutoCloseable {
    static final long TICK_MILLIS = 500;
    private static final long SETTLE_MILLIS = 20;
    private static final long MIN_CHAIN_CHECK_MILLIS = 100;
    private final Firewall firewall;
    private final EnforcerMetrics metrics;
    private final PrintStream log;
    private final long chainBackstopNanos;
    private final Runnable afterRepair;
    private Thread thread;

    /** {@code afterRepair} runs after each repair, still holding the firewall's lock (no sync can come between). */
    DriftGuard(Firewall firewall, EnforcerMetrics metrics, PrintStream log, long chainBackstopMillis, Runnable afterRepair) {
        this.firewall = firewall;
        this.afterRepair = afterRepair;
        this.metrics = metrics;
        this.log = log;
        this.chainBackstopNanos = TimeUnit.MILLISECONDS.toNanos(chainBackstopMillis);
    }

    DriftGuard start() {
        thread = Thread.ofPlatform().daemon().name("palisade-drift-guard").start(this::watch);
        return this;
    }

    private void watch() {
        NetlinkSocket events = notifications();
        log.println("palisade enforce: drift guard: sets checked every " + TICK_MILLIS + " ms, chains "
                + (events != null ? "on every nf_tables change" : "every " + TICK_MILLIS + " ms (no nf_tables notifications)"));
        long lastChainCheck = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean notified = false;
                if (events != null) {
                    notified = events.awaitNotification(true);
                    if (notified) {
                        // Let a burst of edits (one iptables command is several messages) end, then check once; and
                        // never more often than every MIN_CHAIN_CHECK_MILLIS, however busy other tools keep nf_tables.
                        long sinceCheck = (System.nanoTime() - lastChainCheck) / 1_000_000;
                        Thread.sleep(Math.max(SETTLE_MILLIS, MIN_CHAIN_CHECK_MILLIS - sinceCheck));
                        for (int drained = 0; drained < 100_000 && events.awaitNotification(false); drained++) {
                            // discard
                        }
                    }
                } else {
                    Thread.sleep(TICK_MILLIS);
                }
                long now = System.nanoTime();
                boolean chains = notified || events == null || now - lastChainCheck >= chainBackstopNanos;
                check(chains);
                if (chains) {
                    lastChainCheck = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (events != null) {
                events.close();
            }
        }
    }

    private void check(boolean chains) {
        try {
            long start = System.nanoTime();
            synchronized (firewall) {
                List<String> drift = firewall.repairDrift(chains);
                if (!drift.isEmpty()) {
                    metrics.driftRepairs.incrementAndGet();
                    log.printf("palisade enforce: the enforcer's chains or sets were changed by someone else (%s); restored in %.1f ms%n",
                            String.join("; ", drift), (System.nanoTime() - start) / 1e6);
                    afterRepair.run();
                }
            }
        } catch (EnforcerException e) {
            metrics.syncErrors.incrementAndGet();
            log.println("palisade enforce: drift repair failed, retried at the next check: " + e.getMessage());
        }
    }

    /** The nf_tables notification socket, or null with iptables-legacy or when the kernel refuses it. */
    private NetlinkSocket notifications() {
        try {
            if (!SystemTool.run(List.of("iptables-save", "--version"), "").contains("nf_tables")) {
                return null;
            }
            return new NetlinkSocket(KernelCalls.NETLINK_NETFILTER, KernelCalls.NFNLGRP_NFTABLES_MASK, TICK_MILLIS);
        } catch (EnforcerException e) {
            log.println("palisade enforce: no nf_tables notifications (" + e.getMessage() + "); chains are checked every tick");
            return null;
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TICK_MILLIS * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

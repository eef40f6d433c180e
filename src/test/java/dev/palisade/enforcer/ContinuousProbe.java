package dev.palisade.enforcer;

import dev.palisade.netpol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connect per pair every 50 ms on its own thread, as an operator's probe would run against a running
 * enforcer: a pair that must stay denied and a pair that must stay allowed. Every result is kept with its time, so a
 * test can say how many denied packets got through, when the last one did, and whether the allowed pair was ever
 * blocked. Bounded: at most {@code maxMillis} and one round per 50 ms.
 */
final class ContinuousProbe implements AutoCloseable {
    static final long PERIOD_MILLIS = 50;
    record Round(long nanos, boolean deniedConnected, boolean allowedConnected, long micros) {
        @Override
        public String toString() {
            return (deniedConnected ? "D" : "d") + (allowedConnected ? "A" : "a") + micros / 1000;
        }
    }

    private final Prober.Probe denied;
    private final Prober.Probe allowed;
    private final List<Round> rounds = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile Exception failure;

    ContinuousProbe(Prober prober, Lab.Pod deniedFrom, Lab.Pod allowedFrom, Lab.Pod to, long maxMillis) {
        this.denied = new Prober.Probe(deniedFrom, to, 80, Protocol.TCP);
        this.allowed = new Prober.Probe(allowedFrom, to, 80, Protocol.TCP);
        long end = System.nanoTime() + maxMillis * 1_000_000;
        thread = Thread.ofPlatform().name("continuous-probe").start(() -> {
            while (!stop.get() && System.nanoTime() < end) {
                long start = System.nanoTime();
                try {
                    var results = prober.probe(List.of(denied, allowed), 300);
                    synchronized (rounds) {
                        rounds.add(new Round(start, results.get(denied), results.get(allowed), (System.nanoTime() - start) / 1000));
                    }
                    long left = PERIOD_MILLIS - (System.nanoTime() - start) / 1_000_000;
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failure = e;
                    return;
                }
            }
        });
    }

    /** Rounds so far. */
    List<Round> rounds() {
        synchronized (rounds) {
            return List.copyOf(rounds);
        }
    }

    /** Rounds that started at or after {@code nanos}. */
    List<Round> since(long nanos) {
        return rounds().stream().filter(round -> round.nanos() >= nanos).toList();
    }

    static long deniedThrough(List<Round> rounds) {
        return rounds.stream().filter(Round::deniedConnected).count();
    }

    static long allowedBlocked(List<Round> rounds) {
        return rounds.stream().filter(round -> !round.allowedConnected()).count();
    }

    /**
     * Milliseconds from {@code since} to the start of the first round after the last one that saw {@code open}
     * (a denied connect, or a blocked allowed pair): how long the tampering stayed effective, to one probe period;
     * 0 when no round saw it.
     */
    static long windowMillis(List<Round> rounds, long since, java.util.function.Predicate<Round> open) {
        long window = 0;
        for (int i = 0; i < rounds.size(); i++) {
            if (open.test(rounds.get(i))) {
                long closed = i + 1 < rounds.size() ? rounds.get(i + 1).nanos() : rounds.get(i).nanos();
                window = (closed - since) / 1_000_000;
            }
        }
        return window;
    }

    /** Waits until {@code millis} passed or the probe ended; fails if the probe thread failed. */
    void run(long millis) throws Exception {
        thread.join(millis);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        thread.join(5_000);
        if (failure != null) {
            throw failure;
        }
    }
}

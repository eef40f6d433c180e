package dev.palisade.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Bounded polling for what the API server does asynchronously (a new webhook registration reaches its cache within
 * about a second; informers see a change within milliseconds): every {@code 200 ms} until accepted or the timeout.
 */
public final class Eventually {
    private Eventually() {}

    /** The first value {@code accepted} takes; fails with the last value (or exception) after {@code timeout}. */
    public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<T> accepted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = "nothing yet";
        do {
            try {
                T value = probe.call();
                if (accepted.test(value)) {
                    return value;
                }
                last = value;
            } catch (Exception | AssertionError e) {
                // Not yet (an API call refused, a write that should have been denied and was not): try again.
                last = e;
            }
            TestCluster.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s; last: " + last);
    }
}

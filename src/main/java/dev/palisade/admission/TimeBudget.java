package dev.palisade.admission;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code admission.timeBudget} for each review. The judge runs on the request's own (virtual) thread; this timer
 * answers for it when the budget runs out first, so a check that hangs costs one answer of code 500 on time, not a
 * request the API server gives up on. One shared timer thread: arming and cancelling cost far less than handing each
 * evaluation to another thread and waiting for it, which was a quarter of the webhook's CPU.
 */
final class TimeBudget implements AutoCloseable {
    private final Duration budget;
    private final ScheduledThreadPoolExecutor timer;

    TimeBudget(Duration budget) {
        this.budget = budget;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> Thread.ofPlatform().daemon().name("palisade-time-budget").unstarted(task));
        timer.setRemoveOnCancelPolicy(true); // almost every review cancels its expiry: keep the queue to the live ones
    }

    /** Runs {@code onExpiry} when the budget, counted from now, runs out; cancel the result once answered. */
    ScheduledFuture<?> arm(Runnable onExpiry) {
        return timer.schedule(onExpiry, budget.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

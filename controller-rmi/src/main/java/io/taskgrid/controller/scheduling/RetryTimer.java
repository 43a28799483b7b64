package io.taskgrid.controller.scheduling;

import io.taskgrid.controller.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes the tasks that waited for the delay before a retry ({@link RetryWaits}) back to their queues when it has passed,
 * and owns the timer thread that wakes the scheduler thread for the next one. Everything but that timer runs on the
 * scheduler thread; the timer only posts to the {@link CommandLoop}.
 */
final class RetryTimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetryTimer.class);

    private final Pool pool;
    private final Lifecycle lifecycle;
    private final CommandLoop loop;
    private final Clock clock;
    private final Runnable dispatch;
    /** Wakes the scheduler thread when the next task that waits for a retry is due ({@link #arm}). */
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.single("taskgrid-retry-timer"));
    /** When {@link #timer} wakes the scheduler next, or {@code null} when it is not set; scheduler thread. */
    private Instant timerAt;

    RetryTimer(Pool pool, Lifecycle lifecycle, CommandLoop loop, Clock clock, Runnable dispatch) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.loop = loop;
        this.clock = clock;
        this.dispatch = dispatch;
    }

    /**
     * Takes the tasks whose delay before a retry has passed back to their queues; then sets the timer for the next one.
     * Scheduler thread; the caller dispatches.
     *
     * @return whether any went back
     */
    boolean releaseDue() {
        Instant now = clock.instant();
        List<Job> due = pool.retryWaits.due(now);
        for (Job j : due) {
            lifecycle.backFromRetryWait(j);
        }
        arm(now);
        return !due.isEmpty();
    }

    /**
     * Sets {@link #timer} for the next task that waits for a retry, unless it is set for that time or earlier. The
     * timer only wakes the scheduler thread, which looks at its clock; the liveness check does the same, so a timer
     * that fires early (or a clock that a test moves) costs nothing and one that never fires costs a check period.
     */
    private void arm(Instant now) {
        Instant next = pool.retryWaits.next();
        if (next == null || (timerAt != null && !next.isBefore(timerAt) && timerAt.isAfter(now))) {
            return;
        }
        timerAt = next;
        long delayMs = Math.max(0, Duration.between(now, next).toMillis()) + 1;
        try {
            timer.schedule(() -> {
                try {
                    loop.post(() -> {
                        timerAt = null;
                        if (releaseDue()) {
                            dispatch.run();
                        }
                    });
                } catch (RejectedExecutionException | IllegalStateException stopped) {
                    LOG.debug("The scheduler stopped before a retry was due");
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("The retry timer is stopped; the liveness check takes retries back to their queues");
        }
    }

    /** Stops the timer thread; the retries that wait stay in the history. Idempotent. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}

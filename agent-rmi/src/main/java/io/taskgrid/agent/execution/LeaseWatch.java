package io.taskgrid.agent.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at the agent's {@link Lease} five times a second on its own thread ("taskgrid-agent-lease-N"), so that a
 * call to the controller that hangs (a partition: up to the RMI response timeout) cannot delay it, and runs
 * {@code onLapse} while the lease has run out (which must be harmless to repeat).
 */
final class LeaseWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseWatch.class);
    static final long PERIOD_MILLIS = 200;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            new NamedThreads("taskgrid-agent-lease"));

    LeaseWatch(Lease lease, Runnable onLapse) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                if (lease.lapsed()) {
                    onLapse.run();
                }
            } catch (RuntimeException e) {
                LOG.error("Stopping the tasks of a lapsed lease failed; trying again in {} ms.", PERIOD_MILLIS, e);
            }
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Idempotent. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}

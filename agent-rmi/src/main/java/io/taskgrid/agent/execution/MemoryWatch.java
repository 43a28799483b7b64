package io.taskgrid.agent.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Measures, once a second on its own thread ("taskgrid-agent-memory-N"), the process tree of every running task that
 * asked for memory, and stops the task that uses more ({@link TaskExecution#checkMemory}). Where a cgroup limit holds
 * the task, the kernel stops it at once and this sees its verdict; elsewhere this sampling is the limit.
 */
final class MemoryWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWatch.class);
    static final Duration PERIOD = Duration.ofSeconds(1);

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            new NamedThreads("taskgrid-agent-memory"));

    MemoryWatch(Supplier<Collection<TaskExecution>> executions, Duration period) {
        thread.scheduleWithFixedDelay(() -> {
            for (TaskExecution e : executions.get()) {
                if (!e.task().resources().hasMemory()) {
                    continue;
                }
                try {
                    e.checkMemory();
                } catch (RuntimeException ex) { // logged, never the end of the watch
                    LOG.error("Measuring the memory of task {} failed; trying again in {} ms.", e.task().taskId(),
                            period.toMillis(), ex);
                }
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Idempotent. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}

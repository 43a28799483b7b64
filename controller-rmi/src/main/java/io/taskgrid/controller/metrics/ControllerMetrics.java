package io.taskgrid.controller.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskgrid.api.ProductVersion;
import io.taskgrid.api.Version;
import io.taskgrid.api.client.GridProblem;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.NamedThreads;
import io.taskgrid.controller.events.EventHub;
import io.taskgrid.controller.history.TaskStore;
import io.taskgrid.controller.mail.MailReports;
import io.taskgrid.controller.scheduling.Scheduler;
import io.taskgrid.controller.status.RecentProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The controller's metrics in the Prometheus text format ({@code taskgrid controller --metrics-port}). Nothing here
 * runs on the scheduler's thread: the thread "taskgrid-metrics" reads the {@link EventHub}'s ring every
 * {@link #POLL}, more often while much happens ({@link EventFold}), and every {@link #SLOW_EVERY} counts the history (a read on a reader connection);
 * the rest is read when Prometheus scrapes (the mail queue, connected clients, the problems noted), all from memory.
 */
public final class ControllerMetrics implements AutoCloseable {
    /** How often the event ring is read when the grid is quiet. */
    static final Duration POLL = Duration.ofMillis(250);
    /** How soon it is read again after a poll that found at least {@link #BUSY} events. */
    static final Duration BUSY_POLL = Duration.ofMillis(20);
    static final int BUSY = 500;
    /** How often the history is counted (some tens of ms per million tasks). */
    static final Duration SLOW_EVERY = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(ControllerMetrics.class);

    /** What the metrics are read from. */
    public record Sources(TaskStore store, Scheduler scheduler, EventHub hub, MailReports mail, IntSupplier clients,
                          RecentProblems problems, int maxProcesses) {
    }

    private final PrometheusMeterRegistry registry;
    private final JvmFigures jvm;
    private final ScheduledExecutorService thread;
    private volatile long historyTasks;
    private volatile long historyBytes;

    private ControllerMetrics(PrometheusMeterRegistry registry, JvmFigures jvm, ScheduledExecutorService thread) {
        this.registry = registry;
        this.jvm = jvm;
        this.thread = thread;
    }

    /** Registers every metric, takes the grid as it is now and starts following its events. */
    public static ControllerMetrics start(Sources sources) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("taskgrid-metrics"));
        ControllerMetrics metrics = new ControllerMetrics(registry, JvmFigures.bind(registry), thread);
        metrics.register(sources);
        EventFold fold = new EventFold(registry);
        // The sequence first, then the state: an event in between is applied twice, which changes nothing.
        long after = sources.hub().lastSequence();
        List<TaskRecord> live = new ArrayList<>(sources.store().inState(TaskState.QUEUED));
        live.addAll(sources.store().inState(TaskState.RUNNING));
        fold.seed(live, sources.store().idOfNewest(1), sources.scheduler().agents());
        EventFollower follower = new EventFollower(sources.hub(), fold, after, () -> {
            List<TaskRecord> again = new ArrayList<>(sources.store().inState(TaskState.QUEUED));
            again.addAll(sources.store().inState(TaskState.RUNNING));
            fold.seed(again, sources.store().idOfNewest(1), sources.scheduler().agents());
        });
        thread.execute(() -> metrics.follow(follower));
        thread.scheduleWithFixedDelay(() -> {
            try {
                metrics.historyTasks = sources.store().taskCount();
                metrics.historyBytes = sources.store().databaseBytes();
            } catch (RuntimeException e) {
                LOG.warn("Counting the history for the metrics failed ({}); trying again in {} s", e.getMessage(),
                        SLOW_EVERY.toSeconds());
            }
        }, 0, SLOW_EVERY.toSeconds(), TimeUnit.SECONDS);
        return metrics;
    }

    /**
     * Reads the ring now and again after {@link #POLL}, or after {@link #BUSY_POLL} when much came: a grid placing
     * 10,000 tasks a second publishes some 30,000 events, and the ring keeps the last 10,000.
     */
    private void follow(EventFollower follower) {
        int read = 0;
        try {
            read = follower.poll();
        } catch (RuntimeException e) {
            LOG.error("Reading events for the metrics failed; trying again in {} ms", POLL.toMillis(), e);
        }
        try {
            thread.schedule(() -> follow(follower), read >= BUSY ? BUSY_POLL.toMillis() : POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("The metrics stopped following the events: they are closed");
        }
    }

    private void register(Sources s) {
        Gauge.builder("taskgrid.controller.version", () -> 1).description("This controller's version and protocol (always 1)")
                .tag("version", ProductVersion.current()).tag("protocol", Version.PROTOCOL).register(registry);
        Gauge.builder("taskgrid.max.processes", s::maxProcesses).description("The limit of programs running at once over all agents")
                .register(registry);
        Gauge.builder("taskgrid.mail.pending.reports", s.mail(), MailReports::pending)
                .description("Reports by mail waiting to be sent or retried").register(registry);
        Gauge.builder("taskgrid.clients.connected", s.clients(), IntSupplier::getAsInt)
                .description("Client sessions open now").register(registry);
        Gauge.builder("taskgrid.history.tasks", this, m -> m.historyTasks)
                .description("Tasks the history holds (counted every 15 s)").register(registry);
        Gauge.builder("taskgrid.history.size", this, m -> m.historyBytes).baseUnit("bytes")
                .description("Size of the history's database with its write-ahead log (every 15 s)").register(registry);
        for (GridProblem.Kind kind : GridProblem.Kind.values()) {
            FunctionCounter.builder("taskgrid.problems", s.problems(), p -> p.count(kind))
                    .description("Problems noted since the start: mail not sent, refused log-ins, agents lost")
                    .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
    }

    /** The metrics now, in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** Stops the thread and the JVM binders. Idempotent. */
    @Override
    public void close() {
        EventHub.shutdown(thread, Duration.ofSeconds(2));
        jvm.close();
        registry.close();
    }
}

package io.taskgrid.console;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.session.ControllerGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The newest tasks of the history, for completing task ids and project names. Read on a thread of its own
 * ("taskgrid-shell-completion") and kept for a few seconds; a key press waits for a fresh read at most {@code patience},
 * then completes from what it had (or nothing), so Tab never hangs on a slow controller.
 */
final class RecentTasks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecentTasks.class);
    /** How many of the newest tasks are offered. */
    static final int HOW_MANY = 200;
    /** How long a read is used before it is read again. */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private record Read(List<TaskRecord> tasks, Instant at) {
    }

    private final Supplier<ControllerGateway> gateway;
    private final Clock clock;
    private final Duration patience;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "taskgrid-shell-completion");
        t.setDaemon(true);
        return t;
    });
    private Read last = new Read(List.of(), Instant.MIN); // guarded by this
    private Future<Read> reading; // guarded by this

    /**
     * @param gateway  the shell's session, opened without asking anybody (a {@link ClientException} when it cannot be)
     * @param patience how long a key press waits for a fresh read
     */
    RecentTasks(Supplier<ControllerGateway> gateway, Clock clock, Duration patience) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.patience = Objects.requireNonNull(patience, "patience");
    }

    /** The newest tasks, newest first: fresh if the controller answers within the patience, else the last read. */
    List<TaskRecord> tasks() {
        Future<Read> pending;
        synchronized (this) {
            if (clock.instant().isBefore(last.at().plus(FRESH_FOR))) {
                return last.tasks();
            }
            if (reading == null || reading.isDone()) {
                reading = reader.submit(this::read);
            }
            pending = reading;
        }
        try {
            return pending.get(patience.toMillis(), TimeUnit.MILLISECONDS).tasks();
        } catch (TimeoutException e) {
            LOG.debug("The history did not come within {}; completing from the last read.", patience);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.debug("Could not read the history for completion.", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return last.tasks();
        }
    }

    /** The projects of the newest tasks, most recent first. */
    Set<String> projects() {
        Set<String> projects = new LinkedHashSet<>();
        for (TaskRecord t : tasks()) {
            if (t.project() != null) {
                projects.add(t.project());
            }
        }
        return projects;
    }

    /** Reads the newest tasks and keeps them, also when the key press that asked no longer waits. */
    private Read read() {
        Read read;
        try (ControllerGateway g = gateway.get()) {
            read = new Read(g.history(HistoryQuery.newest(HOW_MANY)), clock.instant());
        } catch (ClientException e) {
            // Nothing to complete from; the status line says why the controller does not answer.
            LOG.debug("No history for completion: {}", e.getMessage());
            read = new Read(List.of(), clock.instant());
        }
        synchronized (this) {
            last = read;
        }
        return read;
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}

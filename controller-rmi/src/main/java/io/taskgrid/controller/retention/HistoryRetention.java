package io.taskgrid.controller.retention;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.NamedThreads;
import io.taskgrid.controller.history.TaskStore;
import io.taskgrid.policy.SharedRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the history tidy: a sweep on its own thread ("taskgrid-retention") deletes the ended tasks outside the
 * {@link Retention} limits, and an administrator's purge deletes those that ended before a date. Both walk the oldest
 * tasks by id, {@value #BATCH} at a time: each batch is read on a reader connection, then deleted in one short
 * transaction on the writer, then the walk pauses, so the scheduler's writes and the readers' pages go on between
 * batches (the history never waits for a whole sweep).
 *
 * <p>Never deleted: a task the scheduler holds (asked for every batch, whatever the history says), a task that has not
 * ended (the DELETE checks it again), and a task that a DUPLICATE task points at: the duplicate's result is the
 * original's folder, so the original stays as long as a duplicate of it does, and goes in the first sweep after.
 * A result folder goes only with {@link Retention#deleteResults()}, only for a task that is not itself a duplicate,
 * and only inside the shared folder ({@link ResultFolders}).
 */
public final class HistoryRetention implements AutoCloseable {
    /** How many tasks one transaction deletes at most. */
    static final int BATCH = 500;
    /** The pause between two batches, in which the writer's other work goes on. */
    static final Duration PAUSE = Duration.ofMillis(20);
    /** How often the sweep runs. */
    public static final Duration PERIOD = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);

    /** The scheduler, as far as retention asks it: which of these tasks does it still hold? */
    public interface LiveTasks {
        Set<Long> holding(Collection<Long> ids);
    }

    /**
     * What one pass deleted, and how many old tasks it kept (still in the scheduler, or pointed at by a duplicate);
     * {@code continuing} when it went on in the background past the time it was given ({@link #purgeBefore}).
     */
    public record Pass(long tasks, long resultFolders, long kept, boolean continuing) {
        static final Pass NONE = new Pass(0, 0, 0, false);

        Pass plus(Pass later) {
            return new Pass(tasks + later.tasks, resultFolders + later.resultFolders, kept + later.kept, later.continuing);
        }
    }

    /** Where a pass stopped: what it did, and the id to go on after when it stopped before the end. */
    private record Stop(Pass pass, long after, boolean more) {
    }

    private final TaskStore store;
    private final LiveTasks live;
    private final ResultFolders folders;
    private final Retention retention;
    private final Clock clock;
    private final Duration pause;
    private final CountDownLatch closing = new CountDownLatch(1);
    private ScheduledExecutorService executor; // guarded by this
    /** Finishes purges that outlast their call, one at a time ("taskgrid-purge"); made on first use; guarded by this. */
    private ExecutorService purger;

    public HistoryRetention(TaskStore store, LiveTasks live, SharedRoot sharedRoot, Retention retention, Clock clock) {
        this(store, live, sharedRoot, retention, clock, PAUSE);
    }

    HistoryRetention(TaskStore store, LiveTasks live, SharedRoot sharedRoot, Retention retention, Clock clock, Duration pause) {
        this.store = Objects.requireNonNull(store, "store");
        this.live = Objects.requireNonNull(live, "live");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.folders = retention.deleteResults() ? new ResultFolders(Objects.requireNonNull(sharedRoot, "sharedRoot")) : null;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = pause;
    }

    public Retention retention() {
        return retention;
    }

    /**
     * Sweeps {@code first} from now, then every {@code period} after the previous sweep ended; does nothing when the
     * limits keep everything, or when started or closed before. A failed sweep is logged and the next one runs.
     */
    public synchronized void start(Duration first, Duration period) {
        if (executor != null || closing.getCount() == 0 || !retention.limited()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("taskgrid-retention"));
        executor.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.error("The history retention sweep failed; trying again in {}", period, e);
            }
        }, first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes the ended tasks outside the limits now, on the calling thread, and logs one line with the counts. */
    public Pass sweep() {
        long started = System.nanoTime();
        Pass pass = run(selection(clock.instant()), 0, Long.MAX_VALUE).pass();
        LOG.info("History retention: {} tasks and {} result folders deleted, {} old tasks kept (still queued or running,"
                        + " or a duplicate points at them), in {} ms; keeping {}", pass.tasks(), pass.resultFolders(), pass.kept(),
                (System.nanoTime() - started) / 1_000_000, retention.describe());
        return pass;
    }

    /**
     * Deletes the tasks that ended before {@code before}, as the sweep does (in batches, never one the scheduler
     * holds or a duplicate points at; result folders as configured), on the calling thread.
     */
    public Pass purgeBefore(Instant before) {
        return purgeBefore(before, null);
    }

    /**
     * As {@link #purgeBefore(Instant)}, answering once {@code within} has passed (null: at the end) with what went so
     * far: the rest is deleted in the background, one purge at a time, and logged when done. An administrator's call
     * then never outlasts the client's wait for an answer (a million tasks take minutes).
     */
    public Pass purgeBefore(Instant before, Duration within) {
        long started = System.nanoTime();
        Selection selection = new Selection(Objects.requireNonNull(before, "before"), 0);
        long deadline = within == null ? Long.MAX_VALUE : started + within.toNanos();
        Stop stop = run(selection, 0, deadline);
        if (!stop.more()) {
            logPurge(before, stop.pass(), started);
            return stop.pass();
        }
        Pass sofar = new Pass(stop.pass().tasks(), stop.pass().resultFolders(), stop.pass().kept(), true);
        synchronized (this) {
            if (closing.getCount() == 0) {
                return sofar;
            }
            if (purger == null) {
                purger = Executors.newSingleThreadExecutor(NamedThreads.single("taskgrid-purge"));
            }
            LOG.info("History purge of tasks ended before {}: {} tasks deleted within the call; the rest goes on in the"
                    + " background", before, sofar.tasks());
            purger.execute(() -> {
                try {
                    logPurge(before, sofar.plus(run(selection, stop.after(), Long.MAX_VALUE).pass()), started);
                } catch (RuntimeException e) {
                    LOG.error("The history purge of tasks ended before {} failed; the tasks deleted so far stay deleted",
                            before, e);
                }
            });
        }
        return sofar;
    }

    private void logPurge(Instant before, Pass pass, long started) {
        LOG.info("History purge of tasks ended before {}: {} tasks and {} result folders deleted, {} old tasks kept, in {} ms",
                before, pass.tasks(), pass.resultFolders(), pass.kept(), (System.nanoTime() - started) / 1_000_000);
    }

    Selection selection(Instant now) {
        Instant endedBefore = retention.keepFor() == null ? null : now.minus(retention.keepFor());
        long idBelow = retention.keepTasks() == null ? 0 : store.idOfNewest(retention.keepTasks());
        return new Selection(endedBefore, idBelow);
    }

    /** Deletes what {@code selection} says from the tasks after id {@code after}, until the end or {@code deadline}. */
    private Stop run(Selection selection, long after, long deadline) {
        if (selection.none()) {
            return new Stop(Pass.NONE, after, false);
        }
        Set<Long> duplicated = store.duplicatedTasks();
        long tasks = 0;
        long resultFolders = 0;
        long kept = 0;
        while (closing.getCount() > 0) {
            List<TaskRecord> rows = store.oldestAfter(after, BATCH);
            Selection.Batch batch = selection.select(rows, rows.size() == BATCH, duplicated);
            List<Long> ids = new ArrayList<>();
            batch.doomed().forEach(r -> ids.add(r.id()));
            ids.removeAll(live.holding(ids));
            long deleteStarted = System.nanoTime();
            Set<Long> gone = store.deleteEnded(ids);
            long deleteNanos = System.nanoTime() - deleteStarted;
            tasks += gone.size();
            kept += batch.kept() + (batch.doomed().size() - gone.size());
            if (folders != null) {
                for (TaskRecord r : batch.doomed()) {
                    if (gone.contains(r.id()) && r.duplicateOf() == null && r.resultPath() != null
                            && folders.delete(r.id(), r.resultPath())) {
                        resultFolders++;
                    }
                }
            }
            after = batch.lastId();
            if (!batch.more() || paused(deleteNanos)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                return new Stop(new Pass(tasks, resultFolders, kept, false), after, true);
            }
        }
        return new Stop(new Pass(tasks, resultFolders, kept, false), after, false);
    }

    /**
     * Waits between batches, at least {@link #pause} and at least as long as the last delete held the writer, so that
     * retention never takes more than half of it; true when closing ended the wait.
     */
    private boolean paused(long lastDeleteNanos) {
        try {
            return closing.await(Math.max(pause.toNanos(), lastDeleteNanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Stops the sweep (a pass going on ends after its batch) and its thread; idempotent. */
    @Override
    public void close() {
        closing.countDown();
        ScheduledExecutorService e;
        ExecutorService p;
        synchronized (this) {
            e = executor;
            p = purger;
        }
        if (p != null) {
            p.shutdown(); // the purge going on ends after its batch: closing ended its pause
        }
        if (e != null) {
            e.shutdown();
            try {
                if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("The history retention sweep did not stop within 10 s");
                    e.shutdownNow();
                }
            } catch (InterruptedException ie) {
                e.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}

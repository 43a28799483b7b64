package io.taskgrid.controller.history;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the history's trigram index ({@code task_text}) in the background, so that a task's own writes (submit,
 * dispatch, outcome) never pay for it. Each batch is one transaction of at most {@value #BATCH} tasks, under the
 * store's write lock, which is released between batches:
 * <ol>
 *   <li>tasks of {@code text_pending} that ended since (the store notes them when it writes their end, see
 *   {@link #written}) are indexed with their final values and leave {@code text_pending};</li>
 *   <li>the next tasks above the watermark: those that ended are indexed, the others (queued, running: their agent
 *   and message still change) go to {@code text_pending}; the watermark moves past them.</li>
 * </ol>
 * A task that ended never changes its searched columns again: the scheduler writes a task for the last time when
 * it ends (states after SUCCEEDED, FAILED, CANCELLED, REJECTED, DUPLICATE are refused by
 * {@code TaskState.canMoveTo}); only its mail status is written later, which is not searched.
 *
 * <p>This class owns the thread ("taskgrid-text-index") and paces the rounds; {@link TextIndexBatches} does each
 * batch. Every method but {@link #start} and {@link #close} runs under the store's write lock.
 */
final class TextIndexer implements AutoCloseable {
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(TextIndexer.class);

    /** Runs work on the store's writer connection under its write lock; false when the store is closed. */
    interface Writer {
        boolean locked(Work work);
    }

    interface Work {
        void apply(Connection c) throws SQLException;
    }

    private final Writer writer;
    /** Guarded by the store's write lock. */
    private final TextIndexBatches batches;
    private ScheduledExecutorService executor;
    private Duration period;
    private long backlogAtStart;
    private long startedAt;

    private TextIndexer(Writer writer, TextIndexBatches batches) {
        this.writer = writer;
        this.batches = batches;
    }

    /** Reads the watermark; called by the store while it opens, before anyone else writes. */
    static TextIndexer load(Connection c, Writer writer) throws SQLException {
        return new TextIndexer(writer, new TextIndexBatches(watermark(c)));
    }

    /** The id up to which every task is in the index or pending, as committed (or as the caller's snapshot sees it). */
    static long watermark(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT indexed_up_to FROM text_watermark")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Indexes in the background every {@code period}, and without waiting while behind; idempotent. */
    synchronized void start(Duration period) {
        if (executor != null) {
            return;
        }
        this.period = period;
        executor = Executors.newSingleThreadScheduledExecutor(NamedThreads.single("taskgrid-text-index"));
        executor.execute(this::firstRound);
    }

    /**
     * The store wrote these records (committed, under its write lock): those that ended with an id up to the
     * watermark may be waiting in text_pending. No SQL here: this runs on the tasks' own path.
     */
    void written(List<TaskRecord> records) {
        batches.written(records);
    }

    /** The watermark (under the store's write lock). */
    long indexedUpTo() {
        return batches.indexedUpTo();
    }

    /** Indexes batch after batch until nothing is left, on the calling thread; false when the store closed. */
    boolean catchUp() {
        while (true) {
            boolean[] more = new boolean[1];
            if (!writer.locked(c -> more[0] = batches.batch(c))) {
                return false;
            }
            if (!more[0]) {
                return true;
            }
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
        }
        if (e == null) {
            return;
        }
        e.shutdownNow();
        try {
            if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The text indexer did not stop within 30 s; the history is closed anyway.");
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the background rounds

    private void firstRound() {
        try {
            writer.locked(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(id) FROM tasks")) {
                    backlogAtStart = rs.next() ? Math.max(0, rs.getLong(1) - batches.indexedUpTo()) : 0;
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Cannot tell how much of the history is left to index for text search", e);
        }
        startedAt = System.nanoTime();
        if (backlogAtStart > 10 * BATCH) {
            LOG.info("Indexing {} tasks of the history for text search in the background; searches are exact meanwhile,"
                    + " only slower.", backlogAtStart);
        }
        round();
    }

    /**
     * One batch. While behind, the next follows after a pause as long as this one took, so that the tasks' own
     * writes get the lock at least half the time; else after the period.
     */
    private void round() {
        long t0 = System.nanoTime();
        boolean[] more = new boolean[1];
        try {
            if (!writer.locked(c -> more[0] = batches.batch(c))) {
                return; // the store closed
            }
        } catch (RuntimeException e) {
            LOG.error("Indexing the history for text search failed; trying again in {} ms. Searches stay exact, only slower.",
                    period.toMillis(), e);
            more[0] = false;
        }
        if (!more[0] && backlogAtStart > 10 * BATCH) {
            LOG.info("The text index of the history caught up ({} tasks) in {} s.", backlogAtStart,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startedAt) / 1e9));
            backlogAtStart = 0;
        }
        long pause = more[0] ? Math.max(1_000_000, System.nanoTime() - t0) : period.toNanos();
        try {
            executor.schedule(this::round, pause, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("The text indexer stops with the history");
        }
    }
}

package io.taskgrid.controller.history;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * <p>The fields are guarded by the store's write lock: every method but {@link #start} and {@link #close} runs
 * under it.
 */
final class TextIndexer implements AutoCloseable {
    static final int BATCH = 500;
    /** Pending tasks examined per batch by the sweep after opening (those that ended while nobody noted it). */
    private static final int SWEEP = 4 * BATCH;
    private static final String COLUMNS = "program, project, project_id, agent_id, message";
    private static final String ENDED = "state NOT IN ('QUEUED','RUNNING')";
    private static final Logger LOG = LoggerFactory.getLogger(TextIndexer.class);

    /** Runs work on the store's writer connection under its write lock; false when the store is closed. */
    interface Writer {
        boolean locked(Work work);
    }

    interface Work {
        void apply(Connection c) throws SQLException;
    }

    private final Writer writer;
    private long indexedUpTo;
    /** Ids up to the watermark whose end the store wrote since the last batch: candidates to leave text_pending. */
    private final Set<Long> ended = new LinkedHashSet<>();
    /** Where the sweep of text_pending goes on, or -1 when it is done. */
    private long sweptUpTo;
    private ScheduledExecutorService executor;
    private Duration period;
    private long backlogAtStart;
    private long startedAt;

    private TextIndexer(Writer writer, long indexedUpTo) {
        this.writer = writer;
        this.indexedUpTo = indexedUpTo;
    }

    /** Reads the watermark; called by the store while it opens, before anyone else writes. */
    static TextIndexer load(Connection c, Writer writer) throws SQLException {
        return new TextIndexer(writer, watermark(c));
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
        for (TaskRecord r : records) {
            if (r.id() <= indexedUpTo && r.state().isFinal()) {
                ended.add(r.id());
            }
        }
    }

    /** The watermark (under the store's write lock). */
    long indexedUpTo() {
        return indexedUpTo;
    }

    /** Indexes batch after batch until nothing is left, on the calling thread; false when the store closed. */
    boolean catchUp() {
        while (true) {
            boolean[] more = new boolean[1];
            if (!writer.locked(c -> more[0] = batch(c))) {
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
                    backlogAtStart = rs.next() ? Math.max(0, rs.getLong(1) - indexedUpTo) : 0;
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
            if (!writer.locked(c -> more[0] = batch(c))) {
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

    // ---- one batch, in one transaction

    /** Returns whether more work is left (a full batch was done). */
    private boolean batch(Connection c) throws SQLException {
        long sweepWas = sweptUpTo;
        c.setAutoCommit(false);
        try {
            List<Long> sweptEnded = sweptUpTo >= 0 ? sweep(c) : List.of();
            List<Long> candidates = new ArrayList<>(sweptEnded);
            for (Long id : ended) {
                if (candidates.size() >= BATCH) {
                    break;
                }
                candidates.add(id);
            }
            int done = candidates.isEmpty() ? 0 : indexEndedPending(c, candidates);
            long next = indexedUpTo;
            int fresh = 0;
            if (done < BATCH) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT max(id), count(*) FROM (SELECT id FROM tasks WHERE id > ? ORDER BY id LIMIT ?)")) {
                    ps.setLong(1, indexedUpTo);
                    ps.setInt(2, BATCH - done);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        fresh = rs.getInt(2);
                        next = fresh == 0 ? indexedUpTo : rs.getLong(1);
                    }
                }
                if (fresh > 0) {
                    indexRange(c, indexedUpTo, next);
                }
            }
            c.commit();
            candidates.forEach(ended::remove);
            indexedUpTo = next;
            boolean sweeping = sweptUpTo >= 0;
            return sweeping || !ended.isEmpty() || done + fresh >= BATCH;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            sweptUpTo = sweepWas; // what it found is not indexed: look again
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The next pending tasks of the sweep that already ended (or were deleted); moves the sweep on. */
    private List<Long> sweep(Connection c) throws SQLException {
        List<Long> out = new ArrayList<>();
        int seen = 0;
        long last = sweptUpTo;
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, t.state IS NULL OR t." + ENDED
                + " FROM (SELECT id FROM text_pending WHERE id > ? ORDER BY id LIMIT ?) p LEFT JOIN tasks t ON t.id = p.id")) {
            ps.setLong(1, sweptUpTo);
            ps.setInt(2, SWEEP);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen++;
                    last = Math.max(last, rs.getLong(1));
                    if (rs.getBoolean(2) && out.size() < BATCH) {
                        out.add(rs.getLong(1));
                    } else if (rs.getBoolean(2)) {
                        ended.add(rs.getLong(1)); // for the next batch
                    }
                }
            }
        }
        sweptUpTo = seen < SWEEP ? -1 : last;
        return out;
    }

    /** Indexes those of the ids that wait in text_pending and ended, and takes them out of it; returns how many. */
    private int indexEndedPending(Connection c, List<Long> ids) throws SQLException {
        String marks = "?,".repeat(ids.size() - 1) + "?";
        List<Long> done = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id FROM text_pending p LEFT JOIN tasks t ON t.id = p.id"
                + " WHERE p.id IN (" + marks + ") AND (t.id IS NULL OR t." + ENDED + ")")) {
            bind(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getLong(1));
                }
            }
        }
        if (done.isEmpty()) {
            return 0;
        }
        String doneMarks = "?,".repeat(done.size() - 1) + "?";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_text(rowid, " + COLUMNS + ") SELECT id, " + COLUMNS
                + " FROM tasks WHERE id IN (" + doneMarks + ")")) {
            bind(ps, done);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM text_pending WHERE id IN (" + doneMarks + ")")) {
            bind(ps, done);
            ps.executeUpdate();
        }
        return done.size();
    }

    /** Tasks with ids in (from, to]: the ended ones into the index, the others into text_pending; the watermark to {@code to}. */
    private static void indexRange(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement index = c.prepareStatement("INSERT INTO task_text(rowid, " + COLUMNS + ") SELECT id, " + COLUMNS
                + " FROM tasks WHERE id > ? AND id <= ? AND " + ENDED);
             PreparedStatement pending = c.prepareStatement("INSERT OR IGNORE INTO text_pending(id) SELECT id FROM tasks"
                     + " WHERE id > ? AND id <= ? AND NOT " + ENDED);
             PreparedStatement watermark = c.prepareStatement("UPDATE text_watermark SET indexed_up_to = ?")) {
            for (PreparedStatement ps : List.of(index, pending)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.executeUpdate();
            }
            watermark.setLong(1, to);
            watermark.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, List<Long> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setLong(i + 1, ids.get(i));
        }
    }
}

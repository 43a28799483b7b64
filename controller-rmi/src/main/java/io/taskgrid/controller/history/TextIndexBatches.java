package io.taskgrid.controller.history;

import io.taskgrid.api.task.TaskRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The text indexer's work on the database, one batch in one transaction (see {@link TextIndexer} for what a batch
 * does), and what it remembers from one batch to the next: the watermark, the ids whose end the store wrote, and
 * how far the sweep of {@code text_pending} after opening got.
 *
 * <p>Not thread-safe: every method runs under the store's write lock.
 */
final class TextIndexBatches {
    /** Pending tasks examined per batch by the sweep after opening (those that ended while nobody noted it). */
    private static final int SWEEP = 4 * TextIndexer.BATCH;
    private static final int BATCH = TextIndexer.BATCH;
    private static final String COLUMNS = "program, project, project_id, agent_id, message";
    private static final String ENDED = "state NOT IN ('QUEUED','RUNNING')";

    private long indexedUpTo;
    /** Ids up to the watermark whose end the store wrote since the last batch: candidates to leave text_pending. */
    private final Set<Long> ended = new LinkedHashSet<>();
    /** Where the sweep of text_pending goes on, or -1 when it is done. */
    private long sweptUpTo;

    /** Starts from the committed watermark, with a sweep of the whole of text_pending to come. */
    TextIndexBatches(long indexedUpTo) {
        this.indexedUpTo = indexedUpTo;
    }

    /** Notes those of the records that ended with an id up to the watermark: they may be waiting in text_pending. */
    void written(List<TaskRecord> records) {
        for (TaskRecord r : records) {
            if (r.id() <= indexedUpTo && r.state().isFinal()) {
                ended.add(r.id());
            }
        }
    }

    /** The watermark. */
    long indexedUpTo() {
        return indexedUpTo;
    }

    /** Returns whether more work is left (a full batch was done). */
    boolean batch(Connection c) throws SQLException {
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

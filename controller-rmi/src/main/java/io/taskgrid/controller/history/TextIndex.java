package io.taskgrid.controller.history;

import io.taskgrid.api.task.TaskRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The trigram index of the five columns the history's text search looks in ({@code task_text}, schema 4), kept in
 * step by the store within the transaction that writes the tasks. One statement per batch, not a trigger per row:
 * FTS5 writes what it holds to disk at every statement that may need undoing, so a row at a time cost ~20 µs a
 * task, a batch ~2 µs.
 */
final class TextIndex {
    /** The trigram index finds texts of at least this many characters; shorter ones need a scan. */
    static final int MIN_CHARACTERS = 3;
    /** Of a long text, this many trigrams spread over it select as well as all of them, and cost less to intersect. */
    private static final int MAX_TRIGRAMS = 8;
    private static final int IDS_PER_STATEMENT = 500;
    private static final String COLUMNS = "program, project, project_id, agent_id, message";

    private TextIndex() {
    }

    /** Indexes the tasks with ids {@code first..last}, just inserted. */
    static void added(Connection c, long first, long last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_text(rowid, " + COLUMNS + ") SELECT id, " + COLUMNS
                + " FROM tasks WHERE id BETWEEN ? AND ?")) {
            ps.setLong(1, first);
            ps.setLong(2, last);
            ps.executeUpdate();
        }
    }

    /**
     * The ids of the tasks whose searched columns the records change (the last record of a task counts); to be
     * called before the records are written, then {@link #remove} before and {@link #add} after writing them.
     */
    static List<Long> changedBy(Connection c, List<TaskRecord> records) throws SQLException {
        Map<Long, TaskRecord> latest = new LinkedHashMap<>();
        records.forEach(r -> latest.put(r.id(), r));
        List<Long> changed = new ArrayList<>();
        for (List<Long> ids : chunks(new ArrayList<>(latest.keySet()))) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, " + COLUMNS + " FROM tasks WHERE id IN (" + marks(ids.size()) + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setLong(i + 1, ids.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TaskRecord r = latest.get(rs.getLong(1));
                        if (!Objects.equals(rs.getString(2), r.program()) || !Objects.equals(rs.getString(3), r.project())
                                || !Objects.equals(rs.getString(4), r.projectId()) || !Objects.equals(rs.getString(5), r.agentId())
                                || !Objects.equals(rs.getString(6), r.message())) {
                            changed.add(r.id());
                        }
                    }
                }
            }
        }
        return changed;
    }

    /** Takes these tasks out of the index, with the values they have now in the tasks table. */
    static void remove(Connection c, List<Long> ids) throws SQLException {
        for (List<Long> chunk : chunks(ids)) {
            execute(c, "INSERT INTO task_text(task_text, rowid, " + COLUMNS + ") SELECT 'delete', id, " + COLUMNS
                    + " FROM tasks WHERE id IN (" + marks(chunk.size()) + ")", chunk);
        }
    }

    /** Indexes these tasks with the values they have now in the tasks table. */
    static void add(Connection c, List<Long> ids) throws SQLException {
        for (List<Long> chunk : chunks(ids)) {
            execute(c, "INSERT INTO task_text(rowid, " + COLUMNS + ") SELECT id, " + COLUMNS
                    + " FROM tasks WHERE id IN (" + marks(chunk.size()) + ")", chunk);
        }
    }

    static boolean canFind(String text) {
        return text.codePointCount(0, text.length()) >= MIN_CHARACTERS;
    }

    /**
     * An FTS5 query for the tasks that hold the trigrams (three characters in a row) of the text, in any of the
     * columns and ignoring case: a superset of those that contain the text, which the caller's LIKE then checks.
     */
    static String query(String text) {
        int[] chars = text.codePoints().toArray();
        int count = chars.length - MIN_CHARACTERS + 1;
        Set<String> terms = new LinkedHashSet<>();
        for (int k = 0, n = Math.min(count, MAX_TRIGRAMS); k < n; k++) {
            int i = n == 1 ? 0 : (int) ((long) k * (count - 1) / (n - 1));
            terms.add('"' + new String(chars, i, MIN_CHARACTERS).replace("\"", "\"\"") + '"');
        }
        return String.join(" AND ", terms);
    }

    private static void execute(Connection c, String sql, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            ps.executeUpdate();
        }
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_STATEMENT) {
            out.add(ids.subList(i, Math.min(ids.size(), i + IDS_PER_STATEMENT)));
        }
        return out;
    }

    private static String marks(int n) {
        return "?,".repeat(n - 1) + "?";
    }
}

package io.taskgrid.controller.history;

import io.taskgrid.api.task.HistoryQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a text search with a state or project filter reads the indexed part of the history (the tasks up to the
 * watermark, not pending): which side drives, chosen per query from a capped count of the filter's ids.
 *
 * <p>Reading a task's row by id is what costs (~1 µs a row at 1,000,000 tasks); walking ids in the trigram index or in
 * {@code tasks_by_state}/{@code tasks_by_project} (covering, no row read) costs ~0.02–0.1 µs an id. So:
 * <ul>
 *   <li>{@link Drive#FILTER}: the filter matches at most {@link Thresholds#filterDrives} tasks: its index drives,
 *   newest first, and each of its rows is checked with the text's LIKE (at most that many rows read);</li>
 *   <li>{@link Drive#TEXT_IN_FILTER}: the filter matches at most {@link Thresholds#filterSet} tasks: their ids are
 *   read once into a set, the trigram index drives and each candidate is checked against that set before its row is
 *   read, so only the rows of both sides are read (a text in 20,000 tasks with a filter of 10,000 and no common
 *   task: ~4 ms instead of ~26 ms);</li>
 *   <li>{@link Drive#TEXT}: the filter matches more (it then holds a large share of the history): the trigram index
 *   drives and each candidate's row is read and checked, as without a filter.</li>
 * </ul>
 * Every plan keeps all the conditions of the query (state, project, beforeId, LIKE) on the rows it returns: a plan
 * only changes the order of the work, never the result.
 *
 * @param drive  what drives
 * @param column the filter that drives or makes the set ({@code state} or {@code project}); null for {@link Drive#TEXT}
 * @param value  its value
 */
record TextPlan(Drive drive, String column, String value) {
    enum Drive { TEXT, TEXT_IN_FILTER, FILTER }

    /** The counts of the filter's tasks up to which the filter drives, or is read into a set. */
    record Thresholds(int filterDrives, int filterSet) {
        static final Thresholds DEFAULT = new Thresholds(2_000, 25_000);

        Thresholds {
            if (filterDrives < 0 || filterSet < filterDrives) {
                throw new IllegalArgumentException("0 <= filterDrives <= filterSet, not " + filterDrives + ", " + filterSet);
            }
        }
    }

    static final TextPlan TEXT = new TextPlan(Drive.TEXT, null, null);

    /**
     * Counts, up to {@link Thresholds#filterSet} + 1 and only in the covering index of each, the tasks of the state
     * and of the project in the indexed part ({@code id <= watermark}, below {@code beforeId}), and picks the plan from
     * the smaller: at most two index range reads of that many ids (~0.1–0.5 ms at the default thresholds).
     */
    static TextPlan choose(Connection c, HistoryQuery q, long watermark, Thresholds limits) throws SQLException {
        String column = null;
        String value = null;
        long smallest = Long.MAX_VALUE;
        List<String[]> filters = new ArrayList<>();
        if (q.state() != null) {
            filters.add(new String[]{"state", q.state().name()});
        }
        if (q.project() != null) {
            filters.add(new String[]{"project", q.project()});
        }
        for (String[] f : filters) {
            long n = count(c, f[0], f[1], watermark, q.beforeId(), limits.filterSet() + 1);
            if (n < smallest) {
                smallest = n;
                column = f[0];
                value = f[1];
            }
        }
        if (column == null || smallest > limits.filterSet()) {
            return TEXT;
        }
        return new TextPlan(smallest <= limits.filterDrives() ? Drive.FILTER : Drive.TEXT_IN_FILTER, column, value);
    }

    private static long count(Connection c, String column, String value, long watermark, Long beforeId, int cap)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM (SELECT id FROM tasks INDEXED BY ")
                .append(index(column)).append(" WHERE ").append(column).append("=? AND id<=?");
        if (beforeId != null) {
            sql.append(" AND id<?");
        }
        sql.append(" LIMIT ?)");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, value);
            ps.setLong(i++, watermark);
            if (beforeId != null) {
                ps.setLong(i++, beforeId);
            }
            ps.setInt(i, cap);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static String index(String column) {
        return switch (column) {
            case "state" -> "tasks_by_state";
            case "project" -> "tasks_by_project";
            default -> throw new IllegalArgumentException(column);
        };
    }

    /** The index that drives (for {@link Drive#FILTER}). */
    String index() {
        return index(column);
    }
}

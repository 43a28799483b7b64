package io.taskgrid.controller.history;

import io.taskgrid.api.task.HistoryQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One part of a page of history: its SQL up to the query's filters, what that binds, and the id it is ordered by.
 * A page without a text search is one part (the tasks table); a text search reads three disjoint ones ({@link #ofText}).
 */
record PagePart(String select, List<Object> args, String id) {
    /** The whole tasks table. */
    static final PagePart TASKS = new PagePart("SELECT " + TaskRows.LIST_COLUMNS + " FROM tasks t WHERE 1=1", List.of(), "t.id");

    /**
     * The three disjoint parts of a text search: the indexed tasks up to the watermark that are not pending (read as
     * the plan says), the pending tasks, the tasks above the watermark.
     */
    static List<PagePart> ofText(String text, long watermark, TextPlan plan, Long beforeId) {
        return List.of(indexed(text, watermark, plan, beforeId),
                new PagePart("SELECT " + TaskRows.LIST_COLUMNS_OF_T + " FROM text_pending p CROSS JOIN tasks t ON t.id = p.id"
                        + " WHERE 1=1", List.of(), "p.id"),
                new PagePart("SELECT " + TaskRows.LIST_COLUMNS_OF_T + " FROM tasks t WHERE t.id > ?", List.of(watermark), "t.id"));
    }

    /** The tasks up to the watermark that are not pending: in the index, and in it with the values they ended with. */
    private static PagePart indexed(String text, long watermark, TextPlan plan, Long beforeId) {
        String notPending = " AND NOT EXISTS (SELECT 1 FROM text_pending p WHERE p.id = %s)";
        String columns = TaskRows.LIST_COLUMNS_OF_T;
        return switch (plan.drive()) {
            // the index drives, newest first, and stops at the limit; each candidate is read by id and checked
            case TEXT -> new PagePart("SELECT " + columns + " FROM task_text f CROSS JOIN tasks t ON t.id = f.rowid"
                    + " WHERE task_text MATCH ? AND f.rowid <= ?" + notPending.formatted("f.rowid"),
                    List.of(TextIndex.query(text), watermark), "f.rowid");
            // the same, but a candidate's row is read only when its id is in the (small) set of the filter's ids;
            // the + keeps SQLite from handing the IN to the index as rowid lookups (one MATCH per id)
            case TEXT_IN_FILTER -> {
                List<Object> args = new ArrayList<>(List.of(TextIndex.query(text), watermark, plan.value(), watermark));
                String below = "";
                if (beforeId != null) {
                    below = " AND id<?";
                    args.add(beforeId);
                }
                yield new PagePart("SELECT " + columns + " FROM task_text f CROSS JOIN tasks t ON t.id = f.rowid"
                        + " WHERE task_text MATCH ? AND f.rowid <= ? AND +f.rowid IN (SELECT id FROM tasks INDEXED BY "
                        + plan.index() + " WHERE " + plan.column() + "=? AND id<=?" + below + ")" + notPending.formatted("f.rowid"),
                        args, "f.rowid");
            }
            // the (few) tasks of the filter drive, newest first; each row is checked with the text's LIKE: every task
            // up to the watermark that is not pending is in the index, so the index need not be asked
            case FILTER -> new PagePart("SELECT " + columns + " FROM tasks t INDEXED BY " + plan.index()
                    + " WHERE t.id <= ?" + notPending.formatted("t.id"), List.of(watermark), "t.id");
        };
    }

    /**
     * This part with the query's state, project, beforeId and text conditions, newest first up to its limit, bound;
     * {@code prefix} goes before it ("" or "EXPLAIN QUERY PLAN ").
     */
    PreparedStatement prepare(Connection c, String prefix, HistoryQuery q, String text) throws SQLException {
        StringBuilder sql = new StringBuilder(prefix).append(select);
        List<Object> all = new ArrayList<>(args);
        filters(q, text, sql, all);
        sql.append(" ORDER BY ").append(id).append(" DESC LIMIT ?");
        all.add(q.limit());
        PreparedStatement ps = c.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < all.size(); i++) {
                ps.setObject(i + 1, all.get(i));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Appends the state, project, array, beforeId and text conditions of a query on {@code tasks t}. */
    private void filters(HistoryQuery q, String text, StringBuilder sql, List<Object> args) {
        if (q.state() != null) {
            sql.append(" AND t.state=?");
            args.add(q.state().name());
        }
        if (q.project() != null) {
            sql.append(" AND t.project=?");
            args.add(q.project());
        }
        if (q.arrayId() != null) {
            sql.append(" AND t.array_id=?");
            args.add(q.arrayId());
        } else if (q.oneRowPerArray()) {
            sql.append(" AND (t.array_id IS NULL OR t.array_id = t.id)"); // an array's first member stands for it
        }
        if (q.beforeId() != null) {
            sql.append(" AND ").append(id).append("<?");
            args.add(q.beforeId());
        }
        if (text != null) {
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (t.program LIKE ? ESCAPE '\\' OR t.project LIKE ? ESCAPE '\\' OR t.project_id LIKE ? ESCAPE '\\'"
                    + " OR t.agent_id LIKE ? ESCAPE '\\' OR t.message LIKE ? ESCAPE '\\')");
            for (int i = 0; i < 5; i++) {
                args.add(like);
            }
        }
    }
}

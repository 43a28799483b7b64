package io.taskgrid.bench;

import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A large history and the latency of what people ask of it.
 *
 * <p>Seeding: the controller runs {@value #GENUINE} real tasks (through light agents) and so writes them
 * with its own code into the schema it created. The controller is then stopped and those rows are cloned
 * in SQL, in transactions of 100,000, into the requested number of rows: each clone gets a new id, a
 * project among 100, a state (2% FAILED, 1% CANCELLED, else SUCCEEDED) and times shifted by its number.
 * Columns the harness does not know are copied as they are, so a newer schema is seeded too. The restarted
 * controller then indexes the clones for text search in the background ({@code text_watermark}, schema 4);
 * {@link #awaitTextIndex} waits until it is done, so that the queries are measured on a history in its steady state.
 */
final class HistoryScale {
    static final int GENUINE = 1_000;
    private static final Set<String> SET_HERE = Set.of("id", "project", "project_id", "state", "submitted_at",
            "started_at", "ended_at", "exit_code", "message");

    private HistoryScale() {
    }

    static void runGenuine(Grid grid) {
        ClientSession s = grid.session(null);
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < GENUINE; i++) {
            specs.add(EndToEnd.spec("h" + i));
        }
        Submission.call(() -> s.submitAll(specs));
    }

    /** Clones rows until the table holds {@code rows}; the controller must be stopped. */
    static void seed(Path database, int rows) {
        seed(database, rows, 0);
    }

    /**
     * Clones rows until the table holds {@code rows}, the times of clone number i shifted by {@code shiftNanos} + i ms
     * from the newest succeeded task's (times are epoch nanoseconds); the controller must be stopped.
     */
    static void seed(Path database, long rows, long shiftNanos) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            List<String> columns = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(tasks)")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            Map<String, String> expr = new LinkedHashMap<>();
            for (String col : columns) {
                if (!SET_HERE.contains(col)) {
                    expr.put(col, "t." + col);
                }
            }
            expr.put("project", "'project-' || (n.i % 100)");
            expr.put("project_id", "'seed-' || n.i");
            expr.put("state", "CASE WHEN n.i % 50 = 0 THEN 'FAILED' WHEN n.i % 100 = 1 THEN 'CANCELLED' ELSE 'SUCCEEDED' END");
            expr.put("exit_code", "CASE WHEN n.i % 50 = 0 THEN 1 WHEN n.i % 100 = 1 THEN NULL ELSE 0 END");
            expr.put("message", "CASE WHEN n.i % 50 = 0 THEN 'The program exited with code 1.' WHEN n.i % 100 = 1 THEN 'Cancelled by bench.' ELSE NULL END");
            for (String time : List.of("submitted_at", "started_at", "ended_at")) {
                expr.put(time, "t." + time + " + " + shiftNanos + " + n.i * 1000000");
            }
            long existing;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM tasks")) {
                existing = rs.getLong(1);
            }
            long template;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT max(id) FROM tasks WHERE state='SUCCEEDED' AND program_path IS NOT NULL")) {
                template = rs.getLong(1);
            }
            if (template == 0) {
                throw new BenchException("The history holds no succeeded task to clone; the genuine tasks did not run.");
            }
            String sql = "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                    + "INSERT INTO tasks (" + String.join(", ", expr.keySet()) + ") SELECT " + String.join(", ", expr.values())
                    + " FROM n, (SELECT * FROM tasks WHERE id = " + template + ") t";
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA synchronous=OFF");
            }
            c.setAutoCommit(false);
            for (long from = existing + 1; from <= rows; from += 100_000) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, from);
                    ps.setLong(2, Math.min(rows, from + 99_999));
                    ps.executeUpdate();
                }
                c.commit();
            }
        } catch (SQLException e) {
            throw new BenchException("Seeding the history in " + database + " failed: " + e.getMessage(), e);
        }
    }

    /** Moves the times of every task (and of its attempts) {@code nanos} earlier; the controller must be stopped. */
    static void age(Path database, long nanos) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE tasks SET submitted_at = submitted_at - " + nanos + ", started_at = started_at - " + nanos
                    + ", ended_at = ended_at - " + nanos);
            st.executeUpdate("UPDATE task_attempts SET started_at = started_at - " + nanos + ", ended_at = ended_at - " + nanos);
        } catch (SQLException e) {
            throw new BenchException("Ageing the history in " + database + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the controller's background indexer has every task in the text index or pending (its watermark at
     * the newest task, no ended task left pending); returns at once for a schema without the index.
     */
    static void awaitTextIndex(Path database, Duration timeout) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='text_watermark'")) {
                if (rs.getInt(1) == 0) {
                    return;
                }
            }
            Waits.until(timeout, "the controller to index the history for text search", () -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT (SELECT indexed_up_to FROM text_watermark) >= (SELECT coalesce(max(id), 0) FROM tasks)"
                                + " AND NOT EXISTS (SELECT 1 FROM text_pending p JOIN tasks t ON t.id = p.id"
                                + " WHERE t.state NOT IN ('QUEUED','RUNNING'))")) {
                    return rs.getBoolean(1);
                }
            });
        } catch (SQLException e) {
            throw new BenchException("Reading the text index's progress in " + database + " failed: " + e.getMessage(), e);
        }
    }

    /** Latencies of the history queries people make, in ms, {@code repetitions} each after 3 untimed. */
    static Map<String, List<Double>> measure(Grid grid, int repetitions, long someId) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Submission.Remote<?>> q : queries(grid.session(null), someId, someId / 2).entrySet()) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < repetitions + 3; i++) {
                long t0 = System.nanoTime();
                Submission.call(q.getValue());
                if (i >= 3) {
                    times.add((System.nanoTime() - t0) / 1e6);
                }
            }
            out.put(q.getKey(), times);
        }
        return out;
    }

    /**
     * The history queries people make, by what the report calls them: {@code show ID} of {@code someId}, a deep page
     * before {@code deepBeforeId}, the newest page, filters and text searches.
     */
    static Map<String, Submission.Remote<?>> queries(ClientSession s, long someId, long deepBeforeId) {
        Map<String, Submission.Remote<?>> queries = new LinkedHashMap<>();
        queries.put("`history --limit 100` (newest page)", () -> s.history(HistoryQuery.newest(100)));
        queries.put("`history --state FAILED --limit 100`", () -> s.history(new HistoryQuery(TaskState.FAILED, null, null, 100, null)));
        queries.put("`history --project project-42 --limit 100`", () -> s.history(new HistoryQuery(null, "project-42", null, 100, null)));
        queries.put("a deep page (`beforeId` near the oldest, 100 rows)", () -> s.history(new HistoryQuery(null, null, null, 100, deepBeforeId)));
        queries.put("`show ID` (one task with output)", () -> s.task(someId));
        queries.put("text search (`seed-777`, 100 rows)", () -> s.history(new HistoryQuery(null, null, "seed-777", 100, null)));
        queries.put("text search with a state (`code 1`, `--state FAILED`, 100 rows)",
                () -> s.history(new HistoryQuery(TaskState.FAILED, null, "code 1", 100, null)));
        queries.put("text search, no hit in that state (`code 1`, `--state CANCELLED`)",
                () -> s.history(new HistoryQuery(TaskState.CANCELLED, null, "code 1", 100, null)));
        return queries;
    }
}

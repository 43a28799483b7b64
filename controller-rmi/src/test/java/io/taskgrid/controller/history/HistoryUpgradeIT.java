package io.taskgrid.controller.history;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A history written by an earlier TaskGrid (schema 7, made with that version's code: resources/history/README.md) opens
 * with today's: it migrates forward on start, and every row and every value it held is still there.
 */
class HistoryUpgradeIT {
    private static final List<String> TABLES = List.of("tasks", "inline_programs", "task_attempts", "task_environments");

    @Test
    void aSchema7HistoryMigratesForwardAndKeepsEveryRow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("taskgrid.db");
        try (InputStream in = getClass().getResourceAsStream("/history/schema-7.db")) {
            assertNotNull(in, "the fixture");
            Files.copy(in, file);
        }
        Map<String, List<Map<String, Object>>> before = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertEquals(7, Migrations.version(c), "the fixture's schema");
            for (String table : TABLES) {
                before.put(table, rows(c, table, null));
            }
        }
        assertEquals(7, before.get("tasks").size());

        try (TaskStore store = TaskStore.open(file)) {
            assertEquals(Migrations.latest(), store.schemaVersion(), "migrated to the current schema");

            TaskRecord sim = store.find(1).orElseThrow();
            assertEquals(TaskState.SUCCEEDED, sim.state());
            assertEquals("run-1", sim.projectId());
            assertEquals(List.of("--years", "30"), sim.arguments());
            assertEquals("sim\n", sim.output());
            assertEquals(2, sim.attempt());
            assertEquals(55.5, sim.usage().cpuSeconds());
            assertEquals("written to outbox/task-1.eml", sim.mailStatus());
            List<TaskAttempt> attempts = store.attempts(1);
            assertEquals(2, attempts.size());
            assertEquals("Agent agent-c was lost", attempts.get(0).message());
            ProgramSource inline = store.program(1).orElseThrow();
            assertArrayEquals("print('sim')\n".getBytes(StandardCharsets.UTF_8), inline.inlineContent());

            assertEquals(Map.of("MODE", "fast", "LANG", "C"), store.environment(2));
            assertEquals(-3, store.find(2).orElseThrow().priority());
            TaskRecord held = store.find(3).orElseThrow();
            assertEquals("bob", held.heldBy());
            assertEquals(List.of("é", "two words"), held.arguments());
            assertEquals(TaskState.RUNNING, store.find(4).orElseThrow().state());
            assertEquals(1L, store.find(7).orElseThrow().duplicateOf());
            assertEquals(1L, store.succeededWithFingerprint("fp-sim").orElseThrow().id(), "the duplicate lookup still finds it");
            assertEquals(2, store.inState(TaskState.QUEUED).size() + store.inState(TaskState.RUNNING).size());
            assertEquals(7, store.taskCount());
            assertTrue(store.history(io.taskgrid.api.task.HistoryQuery.newest(100)).size() == 7);
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (String table : TABLES) {
                List<Map<String, Object>> old = before.get(table);
                List<String> columns = old.isEmpty() ? null : new ArrayList<>(old.get(0).keySet());
                assertEquals(old, rows(c, table, columns), table + ": every row and value of schema 7 is still there");
            }
        }
    }

    /** Every row of {@code table} in rowid order, with {@code columns} (null: all), byte arrays as lists for equals. */
    private static List<Map<String, Object>> rows(Connection c, String table, List<String> columns) throws Exception {
        String select = columns == null ? "*" : String.join(", ", columns);
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + table + " ORDER BY rowid")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(meta.getColumnName(i), v instanceof byte[] b ? toList(b) : v);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static List<Byte> toList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        Arrays.setAll(boxed, i -> bytes[i]);
        return List.of(boxed);
    }
}

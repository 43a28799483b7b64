package io.taskgrid.controller.history;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskStoreTest {
    @TempDir
    Path dir;

    private static TaskRecord draft(String project, TaskState state) {
        return TaskRecord.builder().project(project).program("p.py").language(Language.PYTHON)
                .arguments(List.of("a b", "", "ü")).state(state).submittedAt(Instant.parse("2024-01-02T03:04:05.123456789Z"))
                .clientUser("ann").clientHost("127.0.0.1").priority(3).timeout(Duration.ofSeconds(30)).attempt(1).build();
    }

    @Test
    void migratesAFreshDatabaseToTheLatestSchema() {
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            assertEquals(Migrations.latest(), store.schemaVersion());
        }
    }

    @Test
    void refusesADatabaseOfANewerSchema() throws Exception {
        Path db = dir.resolve("t.db");
        TaskStore.open(db).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("UPDATE schema_version SET version = 7");
        }
        NewerSchemaException e = assertThrows(NewerSchemaException.class, () -> TaskStore.open(db));
        assertTrue(e.getMessage().contains("was written by a newer TaskGrid (schema 7"), e.getMessage());
    }

    @Test
    void keepsEveryFieldAndTheInlineProgramAcrossAReopen() {
        Path db = dir.resolve("t.db");
        TaskRecord saved;
        byte[] code = "print(1)".getBytes(StandardCharsets.UTF_8);
        try (TaskStore store = TaskStore.open(db)) {
            saved = store.insertAll(List.of(draft("alpha", TaskState.QUEUED)), List.of(ProgramSource.inline("p.py", code))).get(0);
            assertEquals("t" + saved.id(), saved.projectId());
            saved = saved.toBuilder().state(TaskState.SUCCEEDED).agentId("agent-1").agentHost("h").exitCode(0).output("out")
                    .errorOutput("err").message("ok").startedAt(Instant.parse("2024-01-02T03:04:06Z"))
                    .endedAt(Instant.parse("2024-01-02T03:04:07Z")).resultPath("results/alpha/1").duplicateOf(9L)
                    .usage(new ResourceUsage(1.5, 1024, 2048)).email("a@b.org").dataPath("d.csv").build();
            store.update(saved);
        }
        try (TaskStore store = TaskStore.open(db)) {
            assertEquals(saved, store.find(saved.id()).orElseThrow());
            ProgramSource program = store.program(saved.id()).orElseThrow();
            assertArrayEquals(code, program.inlineContent());
            assertEquals("p.py", program.fileName());
        }
    }

    @Test
    void pagesNewestFirstAndFiltersByStateProjectAndText() {
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            List<TaskRecord> drafts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                drafts.add(draft(i % 2 == 0 ? "even" : "odd", i % 3 == 0 ? TaskState.FAILED : TaskState.QUEUED)
                        .toBuilder().message(i == 7 ? "special 100%_done" : null).build());
            }
            List<TaskRecord> saved = store.insertAll(drafts, Collections.nCopies(30, ProgramSource.shared("p.py")));
            List<TaskRecord> page1 = store.history(HistoryQuery.newest(10));
            assertEquals(10, page1.size());
            assertEquals(saved.get(29).id(), page1.get(0).id());
            List<TaskRecord> page2 = store.history(new HistoryQuery(null, null, null, 10, page1.get(9).id()));
            assertEquals(saved.get(19).id(), page2.get(0).id());
            assertTrue(page1.stream().allMatch(r -> r.output() == null));
            assertEquals(15, store.history(new HistoryQuery(null, "even", null, 100, null)).size());
            assertEquals(10, store.history(new HistoryQuery(TaskState.FAILED, null, null, 100, null)).size());
            assertEquals(5, store.history(new HistoryQuery(TaskState.FAILED, "even", null, 100, null)).size());
            List<TaskRecord> text = store.history(new HistoryQuery(null, null, "100%_", 100, null));
            assertEquals(List.of(saved.get(7).id()), text.stream().map(TaskRecord::id).toList());
            assertEquals(20, store.inState(TaskState.QUEUED).size());
            assertNull(store.history(new HistoryQuery(null, "none", null, 5, null)).stream().findFirst().orElse(null));
        }
    }

    private List<Long> ids(TaskStore store, TaskState state, String project, String text, Long beforeId) {
        return store.history(new HistoryQuery(state, project, text, 100, beforeId)).stream().map(TaskRecord::id).toList();
    }

    private static void indexIntegrityCheck(Path db) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            // with rank 1, FTS5 compares the index with the tasks table it indexes and fails on any difference
            s.execute("INSERT INTO task_text(task_text, rank) VALUES ('integrity-check', 1)");
        }
    }

    @Test
    void findsTheTextInEachSearchedColumn() throws Exception {
        Path db = dir.resolve("t.db");
        try (TaskStore store = TaskStore.open(db)) {
            List<TaskRecord> saved = store.insertAll(List.of(
                    draft("alpha", TaskState.QUEUED).toBuilder().program("/shared/progs/render-frames.py").build(),
                    draft("nightly-render", TaskState.QUEUED),
                    draft("alpha", TaskState.QUEUED).toBuilder().projectId("frame-0042").build(),
                    draft("alpha", TaskState.QUEUED),
                    draft("alpha", TaskState.QUEUED)), Collections.nCopies(5, ProgramSource.shared("p.py")));
            store.updateAll(List.of(
                    saved.get(3).toBuilder().state(TaskState.RUNNING).agentId("gpu-box-7").build(),
                    saved.get(4).toBuilder().state(TaskState.FAILED).message("The program exited with code 3.").build()));
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "progs/render", null));
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "/shared/progs/render-frames.py", null));
            assertEquals(List.of(), ids(store, null, null, "/shared/progs/render-frames.pyc", null));
            assertEquals(List.of(saved.get(1).id()), ids(store, null, null, "nightly", null));
            assertEquals(List.of(saved.get(2).id()), ids(store, null, null, "frame-00", null));
            assertEquals(List.of(saved.get(3).id()), ids(store, null, null, "box-7", null));
            assertEquals(List.of(saved.get(4).id()), ids(store, null, null, "with code 3", null));
            assertEquals(List.of(saved.get(1).id(), saved.get(0).id()), ids(store, null, null, "render", null),
                    "a text in two columns of different tasks finds both, newest first");
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "t" + saved.get(0).id(), null),
                    "the project id given by the store (t<id>) is searchable");
            assertEquals(List.of(), ids(store, null, null, "no such text", null));
        }
        indexIntegrityCheck(db);
    }

    @Test
    void ignoresCaseAndTakesQuotesPercentAndUnderscoreLiterally() {
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            List<TaskRecord> saved = store.insertAll(List.of(
                    draft("Weather-Model", TaskState.QUEUED),
                    draft("beta", TaskState.QUEUED).toBuilder().message("said \"hello\" at 50%_x").build(),
                    draft("beta", TaskState.QUEUED).toBuilder().message("said hello at 50%ax").build()),
                    Collections.nCopies(3, ProgramSource.shared("p.py")));
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "weather-MODEL", null));
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "THER", null));
            assertEquals(List.of(saved.get(1).id()), ids(store, null, null, "\"HELLO\"", null));
            assertEquals(List.of(saved.get(1).id()), ids(store, null, null, "50%_", null));
            assertEquals(List.of(saved.get(1).id()), ids(store, null, null, "%_", null), "short text, same meaning");
        }
    }

    @Test
    void returnsOnlyTasksThatHoldTheTextNotJustItsTrigrams() {
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            List<TaskRecord> saved = store.insertAll(List.of(
                    draft("alpha", TaskState.QUEUED).toBuilder().message("map-reduce").build(),
                    draft("alpha", TaskState.QUEUED).toBuilder().message("map, then reduce").build(),
                    draft("map-", TaskState.QUEUED).toBuilder().message("reduce").build()),
                    Collections.nCopies(3, ProgramSource.shared("p.py")));
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "map-reduce", null));
            assertEquals(List.of(saved.get(2).id(), saved.get(0).id()), ids(store, null, null, "map-", null));
        }
    }

    @Test
    void combinesTheTextWithStateProjectAndBeforeId() {
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            List<TaskRecord> drafts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                drafts.add(draft(i % 2 == 0 ? "even" : "odd", i % 3 == 0 ? TaskState.FAILED : TaskState.QUEUED)
                        .toBuilder().program(i < 9 ? "/shared/simulate.py" : "/shared/other.py").build());
            }
            List<Long> saved = store.insertAll(drafts, Collections.nCopies(12, ProgramSource.shared("p.py")))
                    .stream().map(TaskRecord::id).toList();
            for (String text : List.of("simulate", "im")) { // indexed and scanned
                assertEquals(List.of(saved.get(6), saved.get(3), saved.get(0)), ids(store, TaskState.FAILED, null, text, null), text);
                assertEquals(List.of(saved.get(7), saved.get(5), saved.get(3), saved.get(1)), ids(store, null, "odd", text, null), text);
                assertEquals(List.of(saved.get(3)), ids(store, TaskState.FAILED, "odd", text, null), text);
                assertEquals(List.of(saved.get(4), saved.get(3), saved.get(2)),
                        store.history(new HistoryQuery(null, null, text, 3, saved.get(5))).stream().map(TaskRecord::id).toList(), text);
                assertEquals(List.of(saved.get(2), saved.get(0)), ids(store, null, "even", text, saved.get(4)), text);
            }
        }
    }

    @Test
    void findsATaskByItsNewAgentAndMessageAndNoLongerByTheOldOnes() throws Exception {
        Path db = dir.resolve("t.db");
        try (TaskStore store = TaskStore.open(db)) {
            TaskRecord task = store.insertAll(List.of(draft("alpha", TaskState.QUEUED)), List.of(ProgramSource.shared("p.py"))).get(0);
            TaskRecord first = task.toBuilder().state(TaskState.RUNNING).agentId("agent-north").build();
            store.update(first);
            assertEquals(List.of(task.id()), ids(store, null, null, "north", null));
            TaskRecord failed = first.toBuilder().state(TaskState.FAILED).message("Lost agent-north; retrying.").build();
            store.update(failed);
            TaskRecord retried = failed.toBuilder().state(TaskState.RUNNING).attempt(2).agentId("agent-south").message(null).build();
            store.update(retried);
            assertEquals(List.of(), ids(store, null, null, "north", null));
            assertEquals(List.of(), ids(store, null, null, "retrying", null));
            assertEquals(List.of(task.id()), ids(store, null, null, "south", null));
            store.update(retried.toBuilder().state(TaskState.SUCCEEDED).message("Done on the second try.").build());
            assertEquals(List.of(task.id()), ids(store, null, null, "second try", null));
            assertEquals(List.of(task.id()), ids(store, null, null, "south", null));

            // two changes of one task written together (group commit): the last one is what is found
            TaskRecord other = store.insertAll(List.of(draft("beta", TaskState.QUEUED)), List.of(ProgramSource.shared("p.py"))).get(0);
            TaskRecord running = other.toBuilder().state(TaskState.RUNNING).agentId("agent-west").build();
            store.updateAll(List.of(running, running.toBuilder().state(TaskState.FAILED).message("Exit code 9.").build()));
            assertEquals(List.of(other.id()), ids(store, null, null, "agent-west", null));
            assertEquals(List.of(other.id()), ids(store, null, null, "code 9", null));
        }
        indexIntegrityCheck(db);
    }

    @Test
    void anUpdateThatLeavesTheSearchedColumnsAloneDoesNotWriteTheIndex() throws Exception {
        Path db = dir.resolve("t.db");
        try (TaskStore store = TaskStore.open(db)) {
            TaskRecord task = store.insertAll(List.of(draft("alpha", TaskState.QUEUED).toBuilder().agentId("agent-east").build()),
                    List.of(ProgramSource.shared("p.py"))).get(0);
            // take the task out of the index behind the store's back: only an index write would bring it back
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.execute("INSERT INTO task_text(task_text, rowid, program, project, project_id, agent_id, message) "
                        + "SELECT 'delete', id, program, project, project_id, agent_id, message FROM tasks WHERE id = " + task.id());
            }
            store.update(task.toBuilder().state(TaskState.RUNNING).output("some output").exitCode(0).build());
            assertEquals(List.of(), ids(store, null, null, "east", null), "the index was written though no searched column changed");
        }
    }

    @Test
    void searchesAHistoryMigratedFromSchema3WithItsRows() throws Exception {
        Path db = dir.resolve("t.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (List<String> step : Migrations.STEPS.subList(0, 3)) {
                for (String sql : step) {
                    s.execute(sql);
                }
            }
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version(version) VALUES (3)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
                    + "INSERT INTO tasks (project, project_id, program, program_name, arguments, priority, state, agent_id, message,"
                    + " submitted_at, attempt) SELECT 'project-' || (i % 10), 'old-' || i, '/shared/legacy.py', 'legacy.py', x'00000000',"
                    + " 0, CASE WHEN i % 5 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END, 'agent-' || (i % 3),"
                    + " CASE WHEN i % 5 = 0 THEN 'Exit code ' || i || '.' END, i, 1 FROM n");
        }
        try (TaskStore store = TaskStore.open(db)) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals(List.of(250L), ids(store, null, null, "old-250", null));
            assertEquals(List.of(250L), ids(store, null, null, "code 250.", null));
            assertEquals(List.of(495L, 485L), ids(store, TaskState.FAILED, "project-5", "legacy", 500L).subList(0, 2));
            assertEquals(167, store.history(new HistoryQuery(null, null, "agent-1", 1000, null)).size());
            TaskRecord added = store.insertAll(List.of(draft("new", TaskState.QUEUED)), List.of(ProgramSource.shared("p.py"))).get(0);
            assertEquals(501L, added.id(), "ids go on after the migrated rows");
        }
        indexIntegrityCheck(db);
    }

    @Test
    void neverGivesAgainTheIdOfATaskThatWasRemoved() throws Exception {
        Path db = dir.resolve("t.db");
        long last;
        try (TaskStore store = TaskStore.open(db)) {
            last = store.insertAll(List.of(draft("a", TaskState.QUEUED), draft("a", TaskState.QUEUED)),
                    Collections.nCopies(2, ProgramSource.shared("p.py"))).get(1).id();
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM tasks WHERE id = " + last);
        }
        try (TaskStore store = TaskStore.open(db)) {
            TaskRecord next = store.insertAll(List.of(draft("a", TaskState.QUEUED)), List.of(ProgramSource.shared("p.py"))).get(0);
            assertEquals(last + 1, next.id());
            assertEquals("t" + next.id(), next.projectId());
            assertEquals(List.of(), ids(store, null, null, "t" + last, null), "the removed task left the index");
        }
        indexIntegrityCheck(db);
    }
}

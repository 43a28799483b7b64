package io.taskgrid.controller.history;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history's text search through the trigram index written in the background: the same results as a scan of
 * every row, whatever the indexer has done so far. The stores here index only when told ({@code indexTextNow}).
 */
class TextSearchTest {
    @TempDir
    Path dir;

    private static TaskRecord draft(String project, TaskState state) {
        return TaskRecord.builder().project(project).program("p.py").language(Language.PYTHON)
                .arguments(List.of("a")).state(state).submittedAt(Instant.parse("2024-01-02T03:04:05Z"))
                .clientUser("ann").clientHost("127.0.0.1").priority(0).attempt(1).build();
    }

    private static TaskStore manual(Path db) {
        return TaskStore.open(db, null);
    }

    private static List<TaskRecord> insert(TaskStore store, List<TaskRecord> drafts) {
        return store.insertAll(drafts, Collections.nCopies(drafts.size(), ProgramSource.shared("p.py")));
    }

    private static List<Long> ids(TaskStore store, TaskState state, String project, String text, Long beforeId) {
        return store.history(new HistoryQuery(state, project, text, 100, beforeId)).stream().map(TaskRecord::id).toList();
    }

    /** The tasks a query must find, computed from what was written (ASCII case folded, as SQLite's LIKE). */
    private static List<Long> expected(Map<Long, TaskRecord> written, HistoryQuery q) {
        String text = q.text().toLowerCase(Locale.ROOT);
        return written.values().stream()
                .filter(r -> q.state() == null || r.state() == q.state())
                .filter(r -> q.project() == null || r.project().equals(q.project()))
                .filter(r -> q.beforeId() == null || r.id() < q.beforeId())
                .filter(r -> Stream.of(r.program(), r.project(), r.projectId(), r.agentId(), r.message())
                        .anyMatch(v -> v != null && v.toLowerCase(Locale.ROOT).contains(text)))
                .map(TaskRecord::id).sorted(Comparator.reverseOrder()).limit(q.limit()).toList();
    }

    /**
     * Every combination of text, state, project, beforeId and limit against {@link #expected}, with the plan the
     * store chooses and with each way of reading the indexed part forced.
     */
    private static void searchesAgree(TaskStore store, Map<Long, TaskRecord> written, String stage) {
        searchesAgree(store, written, stage, List.of("simulate", "SIM", "im", "other.py", "agent-", "code 3", "t1", "nothing here"),
                new TaskState[]{null, TaskState.FAILED, TaskState.QUEUED, TaskState.RUNNING}, new String[]{null, "odd"});
    }

    private static void searchesAgree(TaskStore store, Map<Long, TaskRecord> written, String stage, List<String> texts,
                                      TaskState[] states, String[] projects) {
        List<Long> sorted = written.keySet().stream().sorted().toList();
        for (String text : texts) {
            for (TaskState state : states) {
                for (String project : projects) {
                    for (Long before : new Long[]{null, sorted.get(sorted.size() / 2), sorted.get(sorted.size() / 8)}) {
                        for (int limit : new int[]{3, 100}) {
                            HistoryQuery q = new HistoryQuery(state, project, text, limit, before);
                            List<Long> expected = expected(written, q);
                            assertEquals(expected, store.history(q).stream().map(TaskRecord::id).toList(), stage + ": " + q);
                            for (TextPlan.Drive drive : TextPlan.Drive.values()) {
                                assertEquals(expected, store.history(q, drive).stream().map(TaskRecord::id).toList(),
                                        stage + ", " + drive + " drives: " + q);
                            }
                        }
                    }
                }
            }
        }
    }

    private static int count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.getInt(1);
        }
    }

    @Test
    void theTextIndexNeverRewritesItselfInsideADelete() throws Exception {
        Path db = dir.resolve("merge.db");
        try (TaskStore store = manual(db)) {
            assertEquals(Migrations.latest(), store.schemaVersion());
        }
        assertEquals(0, count(db, "SELECT v FROM task_text_config WHERE k = 'deletemerge'"));
    }

    @Test
    void findsTheTextInEachSearchedColumnBeforeAndAfterIndexing() {
        try (TaskStore store = manual(dir.resolve("t.db"))) {
            List<TaskRecord> saved = insert(store, List.of(
                    draft("alpha", TaskState.QUEUED).toBuilder().program("/shared/progs/render-frames.py").build(),
                    draft("nightly-render", TaskState.QUEUED),
                    draft("alpha", TaskState.QUEUED).toBuilder().projectId("frame-0042").build(),
                    draft("alpha", TaskState.QUEUED),
                    draft("alpha", TaskState.QUEUED)));
            store.updateAll(List.of(
                    saved.get(0).toBuilder().state(TaskState.SUCCEEDED).build(),
                    saved.get(1).toBuilder().state(TaskState.CANCELLED).build(),
                    saved.get(2).toBuilder().state(TaskState.SUCCEEDED).build(),
                    saved.get(3).toBuilder().state(TaskState.RUNNING).agentId("gpu-box-7").build(),
                    saved.get(4).toBuilder().state(TaskState.FAILED).message("The program exited with code 3.").build()));
            for (String stage : List.of("not indexed", "indexed")) {
                assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "progs/render", null), stage);
                assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "/shared/progs/render-frames.py", null), stage);
                assertEquals(List.of(), ids(store, null, null, "/shared/progs/render-frames.pyc", null), stage);
                assertEquals(List.of(saved.get(1).id()), ids(store, null, null, "nightly", null), stage);
                assertEquals(List.of(saved.get(2).id()), ids(store, null, null, "frame-00", null), stage);
                assertEquals(List.of(saved.get(3).id()), ids(store, null, null, "box-7", null), stage);
                assertEquals(List.of(saved.get(4).id()), ids(store, null, null, "with code 3", null), stage);
                assertEquals(List.of(saved.get(1).id(), saved.get(0).id()), ids(store, null, null, "render", null),
                        stage + ": a text in two columns of different tasks finds both, newest first");
                assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "t" + saved.get(0).id(), null),
                        stage + ": the project id given by the store (t<id>) is searchable");
                assertEquals(List.of(), ids(store, null, null, "no such text", null), stage);
                store.indexTextNow();
            }
            assertEquals(saved.get(4).id(), store.textIndexedUpTo());
        }
    }

    @Test
    void ignoresCaseAndTakesQuotesPercentAndUnderscoreLiterally() {
        try (TaskStore store = manual(dir.resolve("t.db"))) {
            List<TaskRecord> saved = insert(store, List.of(
                    draft("Weather-Model", TaskState.REJECTED),
                    draft("beta", TaskState.REJECTED).toBuilder().message("said \"hello\" at 50%_x").build(),
                    draft("beta", TaskState.REJECTED).toBuilder().message("said hello at 50%ax").build()));
            for (String stage : List.of("not indexed", "indexed")) {
                assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "weather-MODEL", null), stage);
                assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "THER", null), stage);
                assertEquals(List.of(saved.get(1).id()), ids(store, null, null, "\"HELLO\"", null), stage);
                assertEquals(List.of(saved.get(1).id()), ids(store, null, null, "50%_", null), stage);
                assertEquals(List.of(saved.get(1).id()), ids(store, null, null, "%_", null), stage + ": short text, same meaning");
                store.indexTextNow();
            }
        }
    }

    @Test
    void returnsOnlyTasksThatHoldTheTextNotJustItsTrigrams() {
        try (TaskStore store = manual(dir.resolve("t.db"))) {
            List<TaskRecord> saved = insert(store, List.of(
                    draft("alpha", TaskState.DUPLICATE).toBuilder().message("map-reduce").build(),
                    draft("alpha", TaskState.DUPLICATE).toBuilder().message("map, then reduce").build(),
                    draft("map-", TaskState.DUPLICATE).toBuilder().message("reduce").build()));
            store.indexTextNow();
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "map-reduce", null));
            assertEquals(List.of(saved.get(2).id(), saved.get(0).id()), ids(store, null, null, "map-", null));
        }
    }

    @Test
    void combinesTheTextWithStateProjectBeforeIdAndLimitWhateverTheIndexerDidSoFar() {
        // thresholds so low that each filter here drives, or makes the set, or neither, depending on the query
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"), null, WalCheckpointer.EVERY, new TextPlan.Thresholds(2, 5))) {
            Map<Long, TaskRecord> written = new TreeMap<>();
            List<TaskRecord> drafts = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                drafts.add(draft(i % 2 == 0 ? "even" : "odd", i % 3 == 0 ? TaskState.FAILED : TaskState.QUEUED)
                        .toBuilder().program(i < 18 ? "/shared/simulate.py" : "/shared/other.py")
                        .message(i % 3 == 0 ? "Exit code 3." : null).build());
            }
            List<TaskRecord> saved = insert(store, drafts);
            saved.forEach(r -> written.put(r.id(), r));
            searchesAgree(store, written, "nothing indexed");

            store.indexTextNow(); // the FAILED ones in the index, the QUEUED ones pending
            searchesAgree(store, written, "indexed, a third ended");

            // some pending tasks run on an agent, some end, new tasks come above the watermark
            List<TaskRecord> changes = new ArrayList<>();
            for (int i = 1; i < 24; i += 3) {
                changes.add(saved.get(i).toBuilder().state(TaskState.RUNNING).agentId("agent-" + i).build());
                changes.add(saved.get(i + 1).toBuilder().state(TaskState.FAILED).agentId("agent-" + (i + 1))
                        .message("Exit code 3 on agent-" + (i + 1) + ".").build());
            }
            store.updateAll(changes);
            changes.forEach(r -> written.put(r.id(), r));
            insert(store, drafts.subList(0, 6)).forEach(r -> written.put(r.id(), r));
            searchesAgree(store, written, "changed after the indexer passed");

            store.indexTextNow();
            searchesAgree(store, written, "indexed again");

            List<TaskRecord> ends = new ArrayList<>();
            for (int i = 1; i < 24; i += 3) {
                ends.add(written.get(saved.get(i).id()).toBuilder().state(TaskState.SUCCEEDED).message("Done on the other.py host.").build());
            }
            store.updateAll(ends);
            ends.forEach(r -> written.put(r.id(), r));
            searchesAgree(store, written, "the running ones ended");
            store.indexTextNow();
            searchesAgree(store, written, "all indexed");
        }
    }

    @Test
    void aRunningTaskIsFoundByItsNewAgentAndMessageOnceItEndsBeforeOrAfterTheIndexerPassed() throws Exception {
        Path db = dir.resolve("t.db");
        try (TaskStore store = manual(db)) {
            TaskRecord passed = insert(store, List.of(draft("alpha", TaskState.QUEUED))).get(0);
            TaskRecord running = passed.toBuilder().state(TaskState.RUNNING).agentId("agent-north").build();
            store.update(running);
            store.indexTextNow(); // passes it while it runs: pending
            assertEquals(1, count(db, "SELECT count(*) FROM text_pending"));
            assertEquals(List.of(passed.id()), ids(store, null, null, "north", null));

            TaskRecord requeued = running.toBuilder().state(TaskState.QUEUED).attempt(2).agentId(null)
                    .message("Lost agent-north; attempt 2 of 3 waits for an agent.").build();
            store.update(requeued);
            TaskRecord retried = requeued.toBuilder().state(TaskState.RUNNING).agentId("agent-south").message(null).build();
            store.update(retried);
            store.indexTextNow();
            assertEquals(List.of(), ids(store, null, null, "north", null));
            assertEquals(List.of(), ids(store, null, null, "waits for", null));
            assertEquals(List.of(passed.id()), ids(store, null, null, "south", null));

            store.update(retried.toBuilder().state(TaskState.SUCCEEDED).message("Done on the second try.").build());
            assertEquals(List.of(passed.id()), ids(store, null, null, "second try", null), "ended, not indexed yet");
            store.indexTextNow();
            assertEquals(0, count(db, "SELECT count(*) FROM text_pending"), "an ended task leaves the pending list");
            assertEquals(List.of(passed.id()), ids(store, null, null, "second try", null), "ended and indexed");
            assertEquals(List.of(passed.id()), ids(store, null, null, "agent-south", null));
            assertEquals(List.of(), ids(store, null, null, "north", null));

            // a task that ends before the indexer first passes it is indexed with its final values at once
            TaskRecord other = insert(store, List.of(draft("beta", TaskState.QUEUED))).get(0);
            TaskRecord west = other.toBuilder().state(TaskState.RUNNING).agentId("agent-west").build();
            store.updateAll(List.of(west, west.toBuilder().state(TaskState.FAILED).message("Exit code 9.").build()));
            assertEquals(List.of(other.id()), ids(store, null, null, "code 9", null), "not indexed yet");
            store.indexTextNow();
            assertEquals(0, count(db, "SELECT count(*) FROM text_pending"));
            assertEquals(List.of(other.id()), ids(store, null, null, "agent-west", null));
            assertEquals(List.of(other.id()), ids(store, null, null, "code 9", null));
            assertEquals(other.id(), store.textIndexedUpTo());
        }
    }

    @Test
    void theTasksOwnWritesNeverTouchTheIndex() throws Exception {
        Path db = dir.resolve("t.db");
        try (TaskStore store = manual(db)) {
            TaskRecord task = insert(store, List.of(draft("alpha", TaskState.QUEUED))).get(0);
            store.update(task.toBuilder().state(TaskState.RUNNING).agentId("agent-east").build());
            store.update(task.toBuilder().state(TaskState.SUCCEEDED).agentId("agent-east").message("All good.").build());
            store.recordMailStatus(task.id(), "sent");
            assertEquals(0, count(db, "SELECT count(*) FROM task_text WHERE task_text MATCH 'alp'"));
            assertEquals(0, count(db, "SELECT count(*) FROM text_pending"));
            assertEquals(0, count(db, "SELECT indexed_up_to FROM text_watermark"));
            assertEquals(List.of(task.id()), ids(store, null, null, "east", null), "found above the watermark");
            store.indexTextNow();
            assertEquals(1, count(db, "SELECT count(*) FROM task_text WHERE task_text MATCH 'alp'"));
        }
    }

    @Test
    void theWatermarkAndThePendingTasksOutliveAReopen() throws Exception {
        Path db = dir.resolve("t.db");
        List<TaskRecord> saved;
        try (TaskStore store = manual(db)) {
            saved = insert(store, List.of(draft("alpha", TaskState.QUEUED), draft("alpha", TaskState.QUEUED),
                    draft("alpha", TaskState.SUCCEEDED)));
            store.indexTextNow();
            assertEquals(saved.get(2).id(), store.textIndexedUpTo());
            assertEquals(2, count(db, "SELECT count(*) FROM text_pending"));
            // ends while pending; the store closes before the indexer notices
            store.update(saved.get(0).toBuilder().state(TaskState.FAILED).message("Stopped by the closing store.").build());
        }
        try (TaskStore store = manual(db)) {
            assertEquals(saved.get(2).id(), store.textIndexedUpTo(), "the watermark is kept");
            assertEquals(2, count(db, "SELECT count(*) FROM text_pending"));
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "closing store", null), "pending, read directly");
            store.indexTextNow(); // the first round sweeps the pending list for tasks that ended meanwhile
            assertEquals(1, count(db, "SELECT count(*) FROM text_pending"), "the one still queued stays pending");
            assertEquals(1, count(db, "SELECT count(*) FROM task_text WHERE task_text MATCH 'clo'"));
            assertEquals(List.of(saved.get(0).id()), ids(store, null, null, "closing store", null));
            assertEquals(List.of(saved.get(2).id(), saved.get(1).id(), saved.get(0).id()), ids(store, null, "alpha", "alpha", null));
        }
    }

    @Test
    void searchesAHistoryMigratedFromSchema3WhileAndAfterItIsIndexed() throws Exception {
        Path db = dir.resolve("t.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (List<String> step : Migrations.STEPS.subList(0, 3)) {
                for (String sql : step) {
                    s.execute(sql);
                }
            }
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version(version) VALUES (3)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) "
                    + "INSERT INTO tasks (project, project_id, program, program_name, arguments, priority, state, agent_id, message,"
                    + " submitted_at, attempt) SELECT 'project-' || (i % 10), 'old-' || i, '/shared/legacy.py', 'legacy.py', x'00000000',"
                    + " 0, CASE WHEN i % 5 = 0 THEN 'FAILED' WHEN i > 1490 THEN 'QUEUED' ELSE 'SUCCEEDED' END, 'agent-' || (i % 3),"
                    + " CASE WHEN i % 5 = 0 THEN 'Exit code ' || i || '.' END, i, 1 FROM n");
        }
        try (TaskStore store = manual(db)) {
            assertEquals(Migrations.latest(), store.schemaVersion());
            assertEquals(0, store.textIndexedUpTo(), "nothing indexed yet");
            for (String stage : List.of("not indexed", "indexed")) {
                assertEquals(List.of(250L), ids(store, null, null, "old-250", null), stage);
                assertEquals(List.of(250L), ids(store, null, null, "code 250.", null), stage);
                assertEquals(List.of(495L, 485L), ids(store, TaskState.FAILED, "project-5", "legacy", 500L).subList(0, 2), stage);
                assertEquals(500, store.history(new HistoryQuery(null, null, "agent-1", 1000, null)).size(), stage);
                assertEquals(List.of(1499L, 1498L, 1497L, 1496L, 1494L, 1493L, 1492L, 1491L),
                        ids(store, TaskState.QUEUED, null, "old-149", null), stage);
                store.indexTextNow();
            }
            assertEquals(1500L, store.textIndexedUpTo());
            assertEquals(8, count(db, "SELECT count(*) FROM text_pending"), "the queued ones (1491..1500 but 1495, 1500)");
            TaskRecord added = insert(store, List.of(draft("new", TaskState.QUEUED))).get(0);
            assertEquals(1501L, added.id(), "ids go on after the migrated rows");
            assertEquals(List.of(1501L), ids(store, null, null, "t1501", null));
        }
    }

    @Test
    void aTaskDeletedByHandLeavesTheIndexAndThePendingList() throws Exception {
        Path db = dir.resolve("t.db");
        try (TaskStore store = manual(db)) {
            List<TaskRecord> saved = insert(store, List.of(draft("gone", TaskState.SUCCEEDED), draft("gone", TaskState.QUEUED),
                    draft("kept", TaskState.SUCCEEDED)));
            store.indexTextNow();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.execute("DELETE FROM tasks WHERE project = 'gone'");
            }
            assertEquals(0, count(db, "SELECT count(*) FROM task_text WHERE task_text MATCH 'gon'"));
            assertEquals(0, count(db, "SELECT count(*) FROM text_pending"));
            assertEquals(List.of(saved.get(2).id()), ids(store, null, null, "t", null));
            assertEquals(List.of(saved.get(2).id()), ids(store, null, null, "kept", null));
        }
    }

    @Test
    void noTextSearchOfThreeCharactersOrMoreReadsTheWholeTasksTable() {
        try (TaskStore store = manual(dir.resolve("t.db"))) {
            for (TaskState state : new TaskState[]{null, TaskState.FAILED}) {
                for (String project : new String[]{null, "odd"}) {
                    for (Long before : new Long[]{null, 1000L}) {
                        HistoryQuery q = new HistoryQuery(state, project, "simulate", 100, before);
                        for (TextPlan.Drive drive : TextPlan.Drive.values()) {
                            List<String> plan = store.textSearchPlan(q, drive);
                            String what = q + ", " + drive + " drives: " + plan;
                            assertFalse(plan.stream().anyMatch(s -> s.matches("SCAN t\\b.*")), what + " reads every task");
                            assertFalse(plan.stream().anyMatch(s -> s.contains("TEMP B-TREE")), what + " sorts what it read");
                            // the index (newest first), then each candidate by id; the pending list; the tasks above the
                            // watermark by a range of ids (of the state's or project's index); no sorting of what was read
                            assertTrue(plan.stream().allMatch(s -> s.startsWith("SCAN f VIRTUAL TABLE INDEX")
                                    || s.startsWith("CORRELATED SCALAR SUBQUERY") || s.startsWith("SEARCH p USING INTEGER PRIMARY KEY")
                                    || s.startsWith("SCAN p") || s.startsWith("SEARCH t USING INTEGER PRIMARY KEY")
                                    || s.startsWith("LIST SUBQUERY") || s.equals("CREATE BLOOM FILTER") || s.startsWith("SEARCH tasks USING COVERING INDEX tasks_by_")
                                    || s.matches("SEARCH t USING INDEX tasks_by_(state|project) \\((state|project)=\\? AND id[<>]\\?.*")),
                                    what);
                            if (drive == TextPlan.Drive.FILTER && (state != null || project != null)) {
                                assertFalse(plan.stream().anyMatch(s -> s.startsWith("SCAN f")), what + ": the filter drives, not the index");
                                assertTrue(plan.stream().anyMatch(s -> s.matches("SEARCH t USING INDEX tasks_by_(state|project)"
                                        + " \\((state|project)=\\? AND id<\\?\\).*")), what);
                            } else {
                                assertTrue(plan.stream().anyMatch(s -> s.startsWith("SCAN f VIRTUAL TABLE INDEX")), what);
                            }
                            if (drive == TextPlan.Drive.TEXT_IN_FILTER && (state != null || project != null)) {
                                assertTrue(plan.stream().anyMatch(s -> s.startsWith("LIST SUBQUERY")), what + ": the filter's ids in a set");
                                assertTrue(plan.stream().anyMatch(s -> s.startsWith("SEARCH tasks USING COVERING INDEX tasks_by_")),
                                        what + ": the set is read from the filter's index alone");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void theSmallerSideDrivesWhenBothAreLargeOrOneIsFewAndTheResultsStayThoseOfAScan() {
        Path db = dir.resolve("t.db");
        try (TaskStore store = TaskStore.open(db, null, WalCheckpointer.EVERY, new TextPlan.Thresholds(15, 70))) {
            Map<Long, TaskRecord> written = new TreeMap<>();
            List<TaskRecord> drafts = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                // "code 1" in 120 tasks, all FAILED; 60 per project; a few CANCELLED (none with the text); 24 QUEUED
                TaskState state = i % 2 == 0 ? TaskState.FAILED : i % 20 == 1 ? TaskState.CANCELLED : i % 10 == 3 ? TaskState.QUEUED
                        : TaskState.SUCCEEDED;
                drafts.add(draft("p" + (i % 4), state).toBuilder().message(i % 2 == 0 ? "Exit code 1." : "All good.")
                        .program(i % 3 == 0 ? "/shared/simulate.py" : "/shared/render.py").build());
            }
            List<TaskRecord> saved = insert(store, drafts);
            saved.forEach(r -> written.put(r.id(), r));
            List<String> texts = List.of("code 1", "simulate", "good.", "render", "nothing here");
            TaskState[] states = {null, TaskState.FAILED, TaskState.CANCELLED, TaskState.SUCCEEDED, TaskState.QUEUED};
            String[] projects = {null, "p0", "p1", "none"};
            searchesAgree(store, written, "nothing indexed", texts, states, projects);

            store.indexTextNow();
            assertEquals(TextPlan.Drive.TEXT, store.textPlan(new HistoryQuery(null, null, "code 1", 100, null)).drive(),
                    "no filter: the text drives");
            assertEquals(new TextPlan(TextPlan.Drive.FILTER, "state", "CANCELLED"),
                    store.textPlan(new HistoryQuery(TaskState.CANCELLED, null, "code 1", 100, null)), "12 tasks: the state drives");
            assertEquals(new TextPlan(TextPlan.Drive.TEXT_IN_FILTER, "project", "p1"),
                    store.textPlan(new HistoryQuery(TaskState.FAILED, "p1", "code 1", 100, null)),
                    "60 of p1 against 120 FAILED (none in common): the project's ids make the set");
            assertEquals(new TextPlan(TextPlan.Drive.FILTER, "project", "p1"),
                    store.textPlan(new HistoryQuery(TaskState.FAILED, "p1", "code 1", 100, saved.get(30).id())),
                    "below beforeId only 8 of p1 are left: the project drives");
            assertEquals(TextPlan.Drive.TEXT, store.textPlan(new HistoryQuery(TaskState.SUCCEEDED, null, "code 1", 100, null)).drive(),
                    "96 SUCCEEDED: the text drives");
            assertEquals(new TextPlan(TextPlan.Drive.FILTER, "project", "none"),
                    store.textPlan(new HistoryQuery(TaskState.SUCCEEDED, "none", "code 1", 100, null)), "an unknown project: nothing to read");
            searchesAgree(store, written, "indexed, the queued ones pending", texts, states, projects);

            // the queued ones run and some end, new tasks come above the watermark
            List<TaskRecord> changes = new ArrayList<>();
            for (int i = 3; i < 240; i += 10) {
                TaskRecord r = saved.get(i);
                changes.add(r.toBuilder().state(i % 20 == 3 ? TaskState.RUNNING : TaskState.FAILED).agentId("agent-" + i)
                        .message(i % 20 == 3 ? null : "Exit code 1 on agent-" + i + ".").build());
            }
            store.updateAll(changes);
            changes.forEach(r -> written.put(r.id(), r));
            insert(store, drafts.subList(0, 40)).forEach(r -> written.put(r.id(), r));
            searchesAgree(store, written, "changed and added after the indexer passed", texts, states, projects);
            store.indexTextNow();
            searchesAgree(store, written, "indexed again", texts, states, projects);
        }
    }

    @Test
    void theBackgroundIndexerCatchesUpAndStopsWithTheStore() throws Exception {
        Path db = dir.resolve("t.db");
        Set<Thread> before = indexerThreads();
        TaskStore store = TaskStore.open(db, Duration.ofMillis(20));
        List<TaskRecord> drafts = new ArrayList<>();
        for (int i = 0; i < 3 * TextIndexer.BATCH + 7; i++) {
            drafts.add(draft("bulk", TaskState.SUCCEEDED));
        }
        long last = insert(store, drafts).get(drafts.size() - 1).id();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.textIndexedUpTo() < last) {
            assertTrue(System.nanoTime() < deadline, "the background indexer did not reach task " + last + " within 30 s");
            Thread.sleep(10);
        }
        assertEquals(drafts.size(), count(db, "SELECT count(*) FROM task_text WHERE task_text MATCH 'bul'"));
        Set<Thread> ours = indexerThreads();
        ours.removeAll(before);
        assertEquals(1, ours.size(), "the indexer runs on one thread of its own, named taskgrid-text-index");
        store.close();
        assertFalse(ours.iterator().next().isAlive(), "closing the store stops the indexer");
        store.close(); // idempotent
        store.indexTextNow(); // a closed store has nothing to index, and says nothing
    }

    private static Set<Thread> indexerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("taskgrid-text-index") && t.isAlive())
                .collect(Collectors.toSet());
    }
}

package io.taskgrid.controller.history;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskAttempt;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void anArrayIsItsFirstMemberAndCopiesOfItWithConsecutiveIdsOneProgramAndItsDependencies() {
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            TaskRecord parent = store.insertAll(List.of(draft("sweep", TaskState.QUEUED)), List.of(ProgramSource.shared("prep.py"))).get(0);
            byte[] program = "print('hi')".getBytes(StandardCharsets.UTF_8);
            TaskRecord first = store.insertArray(draft("sweep", TaskState.QUEUED).toBuilder()
                            .after(List.of(io.taskgrid.api.task.Dependency.after(parent.id()))).build(),
                    ProgramSource.inline("sim.py", program), java.util.Map.of("SEED", "7"),
                    io.taskgrid.api.task.TaskArray.parse("0-20:5%2"));
            assertEquals(first.id(), first.arrayId());
            assertEquals(0, first.arrayIndex());
            assertEquals("t" + first.id() + ".0", first.projectId());
            List<TaskRecord> members = store.history(HistoryQuery.newest(50).inArray(first.id()));
            assertEquals(List.of(20, 15, 10, 5, 0), members.stream().map(TaskRecord::arrayIndex).toList(), "newest first");
            assertEquals(List.of(first.id() + 4, first.id() + 3, first.id() + 2, first.id() + 1, first.id()),
                    members.stream().map(TaskRecord::id).toList(), "consecutive ids in index order");
            TaskRecord third = store.member(first.id(), 10).orElseThrow();
            assertEquals(first.id() + 2, third.id());
            assertEquals("t" + first.id() + ".10", third.projectId());
            assertEquals(List.of("a b", "", "ü"), third.arguments());
            assertArrayEquals(program, store.program(third.id()).orElseThrow().inlineContent(), "the program is the first's");
            assertEquals(java.util.Map.of("SEED", "7"), store.environment(third.id()));
            assertEquals(List.of(io.taskgrid.api.task.Dependency.after(parent.id())), store.find(third.id()).orElseThrow().after());
            assertEquals(5, store.dependants(parent.id(), 10).size());
            assertTrue(store.member(first.id(), 11).isEmpty(), "11 is no index of 0-20:5");
            io.taskgrid.api.task.ArraySummary summary = store.arraySummary(first.id()).orElseThrow();
            assertEquals(5, summary.count(TaskState.QUEUED));
            assertEquals(2, summary.array().limit());
            assertTrue(store.arraySummary(parent.id()).isEmpty(), "a task that is no array has no summary");
            assertEquals(List.of(first.id(), parent.id()), store.history(HistoryQuery.newest(50).foldingArrays(true))
                    .stream().map(TaskRecord::id).toList(), "folded: the array is its first member");

            // Retention never takes the first member (the array's program and indexes) while another member waits.
            store.updateAll(List.of(first.toBuilder().state(TaskState.SUCCEEDED).endedAt(Instant.now()).build()));
            assertEquals(java.util.Set.of(), store.deleteEnded(List.of(first.id())));
            assertTrue(store.program(third.id()).isPresent());
        }
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
            s.execute("UPDATE schema_version SET version = " + (Migrations.latest() + 1));
        }
        NewerSchemaException e = assertThrows(NewerSchemaException.class, () -> TaskStore.open(db));
        assertTrue(e.getMessage().contains("was written by a newer TaskGrid (schema " + (Migrations.latest() + 1)), e.getMessage());
    }

    @Test
    void givesTheRunTimeOfTasksEndedSinceATimeWhateverCpuTheyBurnt() {
        Instant t0 = Instant.parse("2024-01-02T03:00:00Z");
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            List<TaskRecord> saved = store.insertAll(List.of(draft("a", TaskState.QUEUED), draft("b", TaskState.QUEUED),
                    draft("c", TaskState.QUEUED), draft("d", TaskState.QUEUED)), java.util.Collections.nCopies(4, ProgramSource.shared("p.py")));
            store.update(saved.get(0).toBuilder().state(TaskState.SUCCEEDED).startedAt(t0).endedAt(t0.plusSeconds(10))
                    .usage(new ResourceUsage(7.5, 0, 0)).build());
            store.update(saved.get(1).toBuilder().state(TaskState.FAILED).startedAt(t0)
                    .endedAt(t0.plusSeconds(4)).build());
            store.update(saved.get(2).toBuilder().state(TaskState.SUCCEEDED).startedAt(t0.minusSeconds(7200))
                    .endedAt(t0.minusSeconds(3600)).usage(new ResourceUsage(99, 0, 0)).build()); // ended before
            List<UsedCpu> used = new java.util.ArrayList<>(store.cpuUsedSince(t0));
            used.sort(java.util.Comparator.comparing(UsedCpu::cpuSeconds));
            assertEquals(List.of(new UsedCpu("ann", 4.0, t0.plusSeconds(4)), new UsedCpu("ann", 10.0, t0.plusSeconds(10))), used,
                    "the queued task and the one that ended before are left out");
        }
    }

    @Test
    void keepsEveryFieldAndTheInlineProgramAcrossAReopen() {
        Path db = dir.resolve("t.db");
        TaskRecord saved;
        byte[] code = "print(1)".getBytes(StandardCharsets.UTF_8);
        try (TaskStore store = TaskStore.open(db)) {
            saved = store.insertAll(List.of(draft("alpha", TaskState.QUEUED).toBuilder().email("a@b.org").dataPath("d.csv").build()),
                    List.of(ProgramSource.inline("p.py", code))).get(0);
            assertEquals("t" + saved.id(), saved.projectId());
            saved = saved.toBuilder().state(TaskState.SUCCEEDED).agentId("agent-1").agentHost("h").exitCode(0).output("out")
                    .errorOutput("err").message("ok").startedAt(Instant.parse("2024-01-02T03:04:06Z"))
                    .endedAt(Instant.parse("2024-01-02T03:04:07Z")).resultPath("results/alpha/1").duplicateOf(9L)
                    .usage(new ResourceUsage(1.5, 1024, 2048)).build();
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
    void anUpdateWritesWhatTheRunChangedAndThePriorityAndKeepsTheSubmissionAndTheMailStatus() {
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            TaskRecord saved = store.insertAll(List.of(draft("alpha", TaskState.QUEUED)), List.of(ProgramSource.shared("p.py"))).get(0);
            store.recordMailStatus(saved.id(), "sent to ann");
            store.update(saved.toBuilder().project("beta").program("other.py").priority(9).state(TaskState.FAILED)
                    .message("exit 3").exitCode(3).build());
            TaskRecord now = store.find(saved.id()).orElseThrow();
            assertEquals(TaskState.FAILED, now.state());
            assertEquals("exit 3", now.message());
            assertEquals(3, now.exitCode());
            assertEquals("alpha", now.project());
            assertEquals("p.py", now.program());
            assertEquals(9, now.priority(), "a queued task's owner may change its priority");
            assertEquals("sent to ann", now.mailStatus());
        }
    }

    @Test
    void theRunGoingOnIsReadFromTheTaskAndEachEndedRunFromItsAttempt() {
        try (TaskStore store = TaskStore.open(dir.resolve("t.db"))) {
            TaskRecord saved = store.insertAll(List.of(draft("alpha", TaskState.QUEUED)), List.of(ProgramSource.shared("p.py"))).get(0);
            assertEquals(List.of(), store.attempts(saved.id()), "a queued task has not run");
            Instant start = Instant.parse("2024-01-02T03:04:06Z");
            TaskRecord first = saved.toBuilder().state(TaskState.RUNNING).agentId("agent-1").agentHost("h1").startedAt(start).build();
            store.update(first);
            assertEquals(List.of(new TaskAttempt(saved.id(), 1, "agent-1", "h1", start, null, TaskState.RUNNING, null)),
                    store.attempts(saved.id()));

            Instant lost = start.plusSeconds(5);
            TaskRecord second = first.toBuilder().attempt(2).agentId("agent-2").agentHost("h2").startedAt(lost).build();
            store.updateAll(List.of(second), List.of(new TaskAttempt(saved.id(), 1, "agent-1", "h1", start, lost, TaskState.QUEUED,
                    "Agent agent-1 was lost")));
            List<TaskAttempt> both = store.attempts(saved.id());
            assertEquals(List.of(1, 2), both.stream().map(TaskAttempt::attempt).toList(), both.toString());
            assertEquals(TaskState.QUEUED, both.get(0).state());
            assertEquals(new TaskAttempt(saved.id(), 2, "agent-2", "h2", lost, null, TaskState.RUNNING, null), both.get(1));

            // A history from before: the run going on was written as an attempt too; it is not listed twice.
            store.updateAll(List.of(), List.of(new TaskAttempt(saved.id(), 2, "agent-2", "h2", lost, null, TaskState.RUNNING, null)));
            assertEquals(2, store.attempts(saved.id()).size());

            Instant end = lost.plusSeconds(1);
            store.updateAll(List.of(second.toBuilder().state(TaskState.SUCCEEDED).endedAt(end).build()),
                    List.of(new TaskAttempt(saved.id(), 2, "agent-2", "h2", lost, end, TaskState.SUCCEEDED, null)));
            List<TaskAttempt> ended = store.attempts(saved.id());
            assertEquals(2, ended.size(), ended.toString());
            assertEquals(TaskState.SUCCEEDED, ended.get(1).state());
            assertEquals(end, ended.get(1).endedAt());
        }
    }

    @Test
    void findsTheNewestSuccessOfAFingerprintThroughAnIndexThatAStateChangeLeavesAlone() throws Exception {
        Path db = dir.resolve("t.db");
        try (TaskStore store = TaskStore.open(db)) {
            List<TaskRecord> saved = store.insertAll(Collections.nCopies(5, draft("alpha", TaskState.QUEUED)),
                    Collections.nCopies(5, ProgramSource.shared("p.py")), List.of("f1", "f1", "f1", "f1", "f2"));
            List<TaskState> states = List.of(TaskState.SUCCEEDED, TaskState.SUCCEEDED, TaskState.FAILED, TaskState.RUNNING,
                    TaskState.FAILED);
            for (int i = 0; i < saved.size(); i++) {
                store.update(saved.get(i).toBuilder().state(states.get(i)).build());
            }
            assertEquals(saved.get(1).id(), store.succeededWithFingerprint("f1").orElseThrow().id(), "the newest success");
            assertTrue(store.succeededWithFingerprint("f2").isEmpty(), "only a failure");
            assertTrue(store.succeededWithFingerprint("f3").isEmpty(), "unknown");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (var rs = s.executeQuery("PRAGMA index_info(tasks_by_fingerprint)")) {
                while (rs.next()) {
                    columns.add(rs.getString("name"));
                }
            }
            assertEquals(List.of("fingerprint"), columns, "no column that the run's UPDATE sets");
            try (var rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE fingerprint='f1' AND state='SUCCEEDED'"
                    + " ORDER BY id DESC LIMIT 1")) {
                assertTrue(rs.next());
                assertTrue(rs.getString("detail").contains("tasks_by_fingerprint"), rs.getString("detail"));
            }
        }
    }

    @Test
    void theCheckpointerCopiesTheLogWhileWritesComeFastAndStopsOnClose() {
        Path db = dir.resolve("t.db");
        TaskRecord last;
        try (TaskStore store = TaskStore.open(db, null, null)) {
            last = store.insertAll(List.of(draft("alpha", TaskState.QUEUED)), List.of(ProgramSource.shared("p.py"))).get(0);
            assertFalse(store.checkpointTurn(), "one write since the last turn is no burst: SQLite's own checkpoint is enough");
            for (int round = 0; round < 3; round++) {
                for (long i = 0; i < WalCheckpointer.WRITES_BETWEEN; i++) {
                    last = last.toBuilder().message("round " + round + " write " + i).build();
                    store.update(last);
                }
                assertTrue(store.checkpointTurn(), "a burst of writes since the last turn: the checkpointer copies the log");
            }
            assertFalse(store.checkpointTurn(), "nothing written since the last turn: nothing to do");
            last = last.toBuilder().message("after").build();
            store.update(last);
            WalCheckpointer.Pass pass = store.checkpointNow().orElseThrow();
            assertEquals(pass.logPages(), pass.copiedPages(), "a passive checkpoint with nobody reading copies the whole log");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("taskgrid-history-checkpoint")),
                "the checkpoint thread outlived the store");
        try (TaskStore store = TaskStore.open(db)) {
            assertEquals(last, store.find(last.id()).orElseThrow());
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

    @Test
    void aDrainIsKeptAcrossAnOpeningUntilItIsForgotten() {
        Path db = dir.resolve("drains.db");
        try (TaskStore store = TaskStore.open(db)) {
            store.recordDrain("node7", "disk replacement", "root", Instant.parse("2024-05-01T12:00:00Z"));
            store.recordDrain("node8", "", "root", Instant.parse("2024-05-01T12:00:00Z"));
            store.recordDrain("node7", "disk and fan", "root", Instant.parse("2024-05-01T12:05:00Z"));
        }
        try (TaskStore store = TaskStore.open(db)) {
            assertEquals(java.util.Map.of("node7", "disk and fan", "node8", ""), store.drainedAgents());
            store.forgetDrain("node7");
            assertEquals(java.util.Map.of("node8", ""), store.drainedAgents());
        }
    }
}

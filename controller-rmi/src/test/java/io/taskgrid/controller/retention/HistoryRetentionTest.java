package io.taskgrid.controller.retention;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.history.TaskStore;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryRetentionTest {
    private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private TaskStore store;
    private final Set<Long> held = new HashSet<>();

    @BeforeEach
    void open() {
        store = TaskStore.open(dir.resolve("t.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static TaskRecord task(String project, TaskState state, Instant endedAt) {
        return TaskRecord.builder().project(project).program("p.py").language(Language.PYTHON).arguments(List.of())
                .state(state).submittedAt(endedAt == null ? NOW.minus(Duration.ofDays(400)) : endedAt.minusSeconds(60))
                .endedAt(endedAt).clientUser("ann").clientHost("127.0.0.1").priority(0).attempt(1).build();
    }

    private List<TaskRecord> insert(TaskRecord... drafts) {
        return store.insertAll(List.of(drafts), Collections.nCopies(drafts.length, ProgramSource.shared("p.py")));
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private HistoryRetention retention(Retention r) {
        return new HistoryRetention(store, ids -> {
            Set<Long> out = new HashSet<>(ids);
            out.retainAll(held);
            return out;
        }, new SharedRoot(dir), r, CLOCK, Duration.ZERO);
    }

    private List<Long> ids() {
        return store.oldestAfter(0, 100_000).stream().map(TaskRecord::id).toList();
    }

    @Test
    void deletesTasksThatEndedBeforeTheAgeLimitAndKeepsNewerOnes() {
        List<TaskRecord> t = insert(task("a", TaskState.SUCCEEDED, daysAgo(200)), task("a", TaskState.FAILED, daysAgo(91)),
                task("a", TaskState.CANCELLED, daysAgo(89)), task("a", TaskState.SUCCEEDED, daysAgo(1)));
        HistoryRetention.Pass pass = retention(new Retention(Duration.ofDays(90), null, false)).sweep();
        assertEquals(2, pass.tasks());
        assertEquals(List.of(t.get(2).id(), t.get(3).id()), ids());
    }

    @Test
    void keepsOnlyTheNewestTasksBeyondTheCountLimit() {
        List<TaskRecord> t = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            t.addAll(insert(task("a", TaskState.SUCCEEDED, daysAgo(5))));
        }
        HistoryRetention.Pass pass = retention(new Retention(null, 3L, false)).sweep();
        assertEquals(7, pass.tasks());
        assertEquals(t.subList(7, 10).stream().map(TaskRecord::id).toList(), ids());
    }

    @Test
    void neverDeletesATaskThatHasNotEndedNorOneTheSchedulerStillHolds() {
        List<TaskRecord> t = insert(task("a", TaskState.QUEUED, null), task("a", TaskState.RUNNING, null),
                task("a", TaskState.SUCCEEDED, daysAgo(300)), task("a", TaskState.SUCCEEDED, daysAgo(300)));
        held.add(t.get(2).id());
        HistoryRetention.Pass pass = retention(new Retention(Duration.ofDays(90), 1L, false)).sweep();
        assertEquals(1, pass.tasks(), "only the last: it ended long ago and the scheduler let it go");
        assertEquals(3, pass.kept());
        assertEquals(List.of(t.get(0).id(), t.get(1).id(), t.get(2).id()), ids());
    }

    @Test
    void keepsAnOriginalWhileADuplicateOfItStaysAndDeletesItAfterTheDuplicate() {
        TaskRecord original = insert(task("a", TaskState.SUCCEEDED, daysAgo(200))).get(0);
        TaskRecord duplicate = insert(task("a", TaskState.DUPLICATE, daysAgo(10)).toBuilder().duplicateOf(original.id()).build()).get(0);
        HistoryRetention keep90Days = retention(new Retention(Duration.ofDays(90), null, false));
        assertEquals(0, keep90Days.sweep().tasks());
        assertEquals(List.of(original.id(), duplicate.id()), ids());

        HistoryRetention keep5Days = retention(new Retention(Duration.ofDays(5), null, false));
        assertEquals(1, keep5Days.sweep().tasks(), "the duplicate goes first");
        assertEquals(1, keep5Days.sweep().tasks(), "then, in the next sweep, its original");
        assertEquals(List.of(), ids());
    }

    @Test
    void aDeletedTaskLeavesItsAttemptsProgramEnvironmentAndTextIndex() {
        TaskRecord old = store.insertAll(List.of(task("needle-project", TaskState.FAILED, daysAgo(100))),
                List.of(ProgramSource.inline("p.py", "print(1)".getBytes(StandardCharsets.UTF_8))), Collections.singletonList(null),
                List.of(Map.of("A", "1"))).get(0);
        store.updateAll(List.of(old), List.of(new TaskAttempt(old.id(), 1, "agent", "host", daysAgo(101), daysAgo(100),
                TaskState.FAILED, "exit 1")));
        assertEquals(1, store.attempts(old.id()).size());
        HistoryQuery needle = new HistoryQuery(null, null, "needle", 10, null);
        assertEquals(1, store.history(needle).size());

        assertEquals(1, retention(new Retention(Duration.ofDays(90), null, false)).sweep().tasks());

        assertTrue(store.find(old.id()).isEmpty());
        assertTrue(store.attempts(old.id()).isEmpty());
        assertTrue(store.program(old.id()).isEmpty());
        assertTrue(store.environment(old.id()).isEmpty());
        assertEquals(List.of(), store.history(needle));
    }

    @Test
    void deletesMoreThanOneBatchInOneSweep() {
        int n = HistoryRetention.BATCH * 2 + 7;
        TaskRecord[] drafts = new TaskRecord[n];
        for (int i = 0; i < n; i++) {
            drafts[i] = task("a", TaskState.SUCCEEDED, daysAgo(100));
        }
        insert(drafts);
        TaskRecord recent = insert(task("a", TaskState.SUCCEEDED, daysAgo(1))).get(0);
        assertEquals(n, retention(new Retention(Duration.ofDays(90), null, false)).sweep().tasks());
        assertEquals(List.of(recent.id()), ids());
    }

    @Test
    void purgeRemovesWhatEndedBeforeTheDateWhateverTheLimits() {
        List<TaskRecord> t = insert(task("a", TaskState.SUCCEEDED, daysAgo(20)), task("a", TaskState.SUCCEEDED, daysAgo(5)));
        HistoryRetention.Pass pass = retention(Retention.OFF).purgeBefore(daysAgo(10));
        assertEquals(new HistoryRetention.Pass(1, 0, 0, false), pass);
        assertEquals(List.of(t.get(1).id()), ids());
    }

    @Test
    void aPurgeThatOutlastsItsTimeAnswersWithWhatWentAndDeletesTheRestInTheBackground() throws Exception {
        int n = HistoryRetention.BATCH * 3;
        TaskRecord[] drafts = new TaskRecord[n];
        for (int i = 0; i < n; i++) {
            drafts[i] = task("a", TaskState.SUCCEEDED, daysAgo(100));
        }
        insert(drafts);
        TaskRecord recent = insert(task("a", TaskState.SUCCEEDED, daysAgo(1))).get(0);
        try (HistoryRetention retention = retention(Retention.OFF)) {
            HistoryRetention.Pass sofar = retention.purgeBefore(daysAgo(10), Duration.ZERO);
            assertTrue(sofar.continuing(), sofar.toString());
            assertEquals(HistoryRetention.BATCH, sofar.tasks(), "one batch within the call");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (ids().size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(recent.id()), ids(), "the rest went in the background");
        }
    }

    @Test
    void deletesResultFoldersOnlyWhenAskedAndNeverADuplicatesBorrowedFolder() throws Exception {
        TaskRecord mine = insert(task("a", TaskState.SUCCEEDED, daysAgo(200)).toBuilder().resultPath("results/a/1").build()).get(0);
        TaskRecord kept = insert(task("a", TaskState.SUCCEEDED, daysAgo(200)).toBuilder().resultPath("results/a/2").build()).get(0);
        insert(task("a", TaskState.DUPLICATE, daysAgo(150)).toBuilder().duplicateOf(kept.id()).resultPath("results/a/2").build());
        Files.createDirectories(dir.resolve("results/a/1/result"));
        Files.writeString(dir.resolve("results/a/1/result/out.txt"), "x");
        Files.createDirectories(dir.resolve("results/a/2/result"));

        HistoryRetention.Pass pass = retention(new Retention(Duration.ofDays(90), null, true)).sweep();

        assertEquals(2, pass.tasks(), "the first task and the duplicate; the original of the duplicate waits");
        assertEquals(1, pass.resultFolders());
        assertFalse(Files.exists(dir.resolve("results/a/1")));
        assertTrue(Files.isDirectory(dir.resolve("results/a/2/result")), "the folder of a kept original stays");
        assertTrue(store.find(kept.id()).isPresent());
        assertFalse(store.find(mine.id()).isPresent());
    }

    @Test
    void leavesResultFoldersWithoutDeleteResults() throws Exception {
        insert(task("a", TaskState.SUCCEEDED, daysAgo(200)).toBuilder().resultPath("results/a/1").build());
        Files.createDirectories(dir.resolve("results/a/1/result"));
        HistoryRetention.Pass pass = retention(new Retention(Duration.ofDays(90), null, false)).sweep();
        assertEquals(new HistoryRetention.Pass(1, 0, 0, false), pass);
        assertTrue(Files.isDirectory(dir.resolve("results/a/1/result")));
    }

    @Test
    void theSweepThreadIsNamedAndStopsOnClose() throws Exception {
        insert(task("a", TaskState.SUCCEEDED, daysAgo(200)));
        HistoryRetention r = retention(new Retention(Duration.ofDays(90), null, false));
        r.start(Duration.ZERO, Duration.ofHours(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ids().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(), ids());
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(th -> th.getName().equals("taskgrid-retention")));
        r.close();
        r.close();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(th -> th.getName().equals("taskgrid-retention") && th.isAlive()));
    }
}

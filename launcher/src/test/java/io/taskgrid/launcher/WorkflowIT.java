package io.taskgrid.launcher;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Task arrays and dependencies over real RMI, with real agents running real programs: an array with {@code %2} never
 * runs more than two members at once (each program logs its start and end with its index), a task after the array starts
 * once it succeeded, a failed parent cancels its dependant with the sentence, and a 100,000-member array is one quick
 * call.
 */
class WorkflowIT {
    @TempDir
    Path temp;

    @Test
    void anArrayOfSixWithALimitOfTwoRunsEveryIndexOnceNeverThreeAtOnceAndTheCollectStepRunsAfterIt() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 4, 4)) {
            Path log = Files.createDirectories(grid.shared.resolve("log"));
            String file = "\"" + log + "/$TASKGRID_ARRAY_INDEX\"";
            Path sweep = grid.sharedFile("progs/sweep.sh", "echo \"start $TASKGRID_ARRAY_INDEX $(date +%s%N)\" >> " + file + "\n"
                    + "sleep 0.4\n"
                    + "echo \"end $TASKGRID_ARRAY_INDEX $(date +%s%N)\" >> " + file + "\n"
                    + "echo \"index $TASKGRID_ARRAY_INDEX of array $TASKGRID_ARRAY_ID\"\n");
            Path collect = grid.sharedFile("progs/collect.sh", "ls '%s' | wc -l\n".formatted(log));
            ClientSession session = session(grid);
            TaskRecord first = session.submit(TaskSpec.builder(ProgramSource.shared(sweep.toString()))
                    .array(TaskArray.parse("1-6%2")).force(true).build());
            assertEquals(first.id(), first.arrayId());
            assertEquals(1, first.arrayIndex());
            assertEquals(first.id() + ".1", first.displayId());
            TaskRecord after = session.submit(TaskSpec.builder(ProgramSource.shared(collect.toString()))
                    .after(List.of(Dependency.after(first.id()))).force(true).build());

            ArraySummary done = awaitArray(session, first.id(), Duration.ofSeconds(60));
            assertEquals(6, done.count(TaskState.SUCCEEDED), done.toString());
            TaskRecord collected = awaitFinal(session, after.id(), Duration.ofSeconds(30));
            assertEquals(TaskState.SUCCEEDED, collected.state(), collected.toString());
            assertEquals("6", collected.output().strip(), "the collect step ran after all six wrote their logs");

            List<long[]> runs = new ArrayList<>();
            for (int index = 1; index <= 6; index++) {
                List<String> lines = Files.readAllLines(log.resolve(Integer.toString(index)));
                assertEquals(2, lines.size(), "index " + index + " ran once: " + lines);
                runs.add(new long[]{Long.parseLong(lines.get(0).split(" ")[2]), Long.parseLong(lines.get(1).split(" ")[2])});
            }
            runs.sort(Comparator.comparingLong(r -> r[0]));
            for (long[] run : runs) {
                long atOnce = runs.stream().filter(o -> o[0] <= run[0] && o[1] > run[0]).count();
                assertTrue(atOnce <= 2, atOnce + " members ran at once with %2");
            }
            TaskRecord third = session.member(first.id(), 3);
            assertEquals(first.id() + 2, third.id());
            assertEquals(first.id() + ".3", third.displayId());
            assertTrue(session.task(third.id()).output().contains("index 3 of array " + first.id()));
            List<TaskRecord> members = session.history(HistoryQuery.newest(50).inArray(first.id()));
            assertEquals(6, members.size());
            List<TaskRecord> folded = session.history(HistoryQuery.newest(50).foldingArrays(true));
            assertEquals(List.of(after.id(), first.id()), folded.stream().map(TaskRecord::id).toList(),
                    "an array is one row, its first member");
            assertEquals(List.of(after.id()), session.dependants(first.id(), 10).stream().map(TaskRecord::id).toList());
            assertEquals(List.of(Dependency.after(first.id())), session.task(after.id()).after());
            session.close();
        }
    }

    @Test
    void aFailedParentCancelsItsDependantWithTheSentenceAndAnUnknownIdIsRefused() throws Exception {
        try (Grid grid = Grid.start(temp, 10, 2)) {
            Path fails = grid.sharedFile("progs/fails.sh", "exit 4\n");
            Path next = grid.sharedFile("progs/next.sh", "echo next\n");
            ClientSession session = session(grid);
            TaskRecord parent = session.submit(TaskSpec.builder(ProgramSource.shared(fails.toString())).force(true).build());
            TaskRecord child = session.submit(TaskSpec.builder(ProgramSource.shared(next.toString()))
                    .after(List.of(Dependency.after(parent.id()))).force(true).build());
            TaskRecord ended = awaitFinal(session, child.id(), Duration.ofSeconds(30));
            assertEquals(TaskState.CANCELLED, ended.state());
            assertEquals("Task " + parent.id() + " failed, so this one will not run.", ended.message());

            TaskRecord unknown = session.submit(TaskSpec.builder(ProgramSource.shared(next.toString()))
                    .after(List.of(Dependency.after(999_999))).force(true).build());
            assertEquals(TaskState.REJECTED, unknown.state());
            assertEquals("There is no task 999999 to wait for (--after 999999); name a task or array from "
                    + "`taskgrid history`.", unknown.message());
            session.close();
        }
    }

    @Test
    void aHundredThousandMemberArrayIsOneQuickCallAndCancellingItEndsEveryMember() throws Exception {
        try (Grid grid = Grid.start(temp, 10)) { // no agent: they all stay queued
            Path program = grid.sharedFile("progs/trivial.sh", "true\n");
            ClientSession session = session(grid);
            long started = System.nanoTime();
            TaskRecord first = session.submit(TaskSpec.builder(ProgramSource.shared(program.toString()))
                    .array(TaskArray.parse("1-100000")).waitForAgent(true).force(true).build());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            ArraySummary queued = session.array(first.id());
            assertEquals(100_000, queued.count(TaskState.QUEUED), queued.toString());
            assertEquals(first.id() + 99_999, session.member(first.id(), 100_000).id());
            long pageStarted = System.nanoTime();
            List<TaskRecord> folded = session.history(HistoryQuery.newest(50).foldingArrays(true));
            System.out.println("100000-member array submitted in " + took.toMillis() + " ms; a folded page over it in "
                    + (System.nanoTime() - pageStarted) / 1_000_000 + " ms");
            assertEquals(List.of(first.id()), folded.stream().map(TaskRecord::id).toList());
            ArraySummary cancelled = session.cancelArray(first.id());
            assertEquals(100_000, cancelled.count(TaskState.CANCELLED), cancelled.toString());
            assertTrue(cancelled.isFinished());
            session.close();
        }
    }

    private static ClientSession session(Grid grid) throws Exception {
        ControllerService service = (ControllerService) LocateRegistry.getRegistry("127.0.0.1", grid.port())
                .lookup(ControllerService.REGISTRY_NAME);
        return service.openSession(new ClientHello("workflow", ClientKind.SCRIPT, null), null);
    }

    private static ArraySummary awaitArray(ClientSession session, long arrayId, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        ArraySummary s;
        while (!(s = session.array(arrayId)).isFinished() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return s;
    }

    private static TaskRecord awaitFinal(ClientSession session, long id, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        TaskRecord t;
        while (!(t = session.task(id)).state().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return t;
    }
}

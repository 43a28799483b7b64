// Makes schema-7.db, the history of an earlier TaskGrid for HistoryUpgradeIT. Run with THAT version's classes, not
// this one's (see README.md beside this file):
//   java -cp "$OLD/api/target/classes:$OLD/policy/target/classes:$OLD/controller-rmi/target/classes:$(cat $OLD/cp.txt)" \
//        MakeSchema7History.java schema-7.db
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.history.TaskStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

public class MakeSchema7History {
    static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Files.deleteIfExists(file);
        try (TaskStore store = TaskStore.open(file)) {
            if (store.schemaVersion() != 7) {
                throw new IllegalStateException("Run this with the classes of schema 7, not " + store.schemaVersion());
            }
            List<TaskRecord> saved = store.insertAll(List.of(
                    draft("climate", "run-1", "sim.py", Language.PYTHON, List.of("--years", "30")).email("ann@example.org").build(),
                    draft("climate", null, "tools/run.sh", Language.SHELL, List.of()).dataPath("data/in.csv")
                            .timeout(Duration.ofMinutes(5)).priority(-3).build(),
                    draft("demo", null, "hello.py", Language.PYTHON, List.of("é", "two words")).heldBy("bob").build(),
                    draft("demo", null, "Primes.java", Language.JAVA, List.of("200000")).build(),
                    draft("demo", null, "slow.sh", Language.SHELL, List.of("600")).build(),
                    draft("demo", null, "missing.py", Language.PYTHON, List.of()).state(TaskState.REJECTED)
                            .message("The program missing.py is not in the shared folder.").endedAt(T0).build(),
                    draft("climate", "run-1b", "sim.py", Language.PYTHON, List.of("--years", "30")).build()),
                    List.of(ProgramSource.inline("sim.py", "print('sim')\n".getBytes(StandardCharsets.UTF_8)),
                            ProgramSource.shared("tools/run.sh"),
                            ProgramSource.inline("hello.py", "print('hello')\n".getBytes(StandardCharsets.UTF_8)),
                            ProgramSource.shared("Primes.java"), ProgramSource.shared("slow.sh"),
                            ProgramSource.shared("missing.py"),
                            ProgramSource.inline("sim.py", "print('sim')\n".getBytes(StandardCharsets.UTF_8))),
                    java.util.Arrays.asList("fp-sim", null, null, null, null, null, "fp-sim"),
                    List.of(Map.of(), Map.of("MODE", "fast", "LANG", "C"), Map.of(), Map.of(), Map.of(), Map.of(), Map.of()));
            TaskRecord sim = saved.get(0);
            TaskRecord run = saved.get(1);
            TaskRecord primes = saved.get(3);
            TaskRecord slow = saved.get(4);
            TaskRecord dup = saved.get(6);
            store.updateAll(List.of(
                    sim.toBuilder().state(TaskState.SUCCEEDED).agentId("agent-a").agentHost("node1").exitCode(0)
                            .output("sim\n").errorOutput("").startedAt(T0.plusSeconds(2)).endedAt(T0.plusSeconds(62))
                            .resultPath("results/climate/1").usage(new ResourceUsage(55.5, 123_456_789, 4096)).attempt(2).build(),
                    run.toBuilder().state(TaskState.FAILED).agentId("agent-b").agentHost("node2").exitCode(3)
                            .errorOutput("boom\n").message("Exited with code 3.").startedAt(T0.plusSeconds(5))
                            .endedAt(T0.plusSeconds(9)).resultPath("results/climate/2").build(),
                    primes.toBuilder().state(TaskState.RUNNING).agentId("agent-a").agentHost("node1")
                            .startedAt(T0.plusSeconds(7)).build(),
                    slow.toBuilder().state(TaskState.CANCELLED).message("Cancelled by ann.").endedAt(T0.plusSeconds(8)).build(),
                    dup.toBuilder().state(TaskState.DUPLICATE).duplicateOf(sim.id()).resultPath("results/climate/1")
                            .endedAt(T0.plusSeconds(70)).build()),
                    List.of(new TaskAttempt(sim.id(), 1, "agent-c", "node3", T0.plusSeconds(1), T0.plusSeconds(2),
                                    TaskState.QUEUED, "Agent agent-c was lost"),
                            new TaskAttempt(sim.id(), 2, "agent-a", "node1", T0.plusSeconds(2), T0.plusSeconds(62),
                                    TaskState.SUCCEEDED, null),
                            new TaskAttempt(run.id(), 1, "agent-b", "node2", T0.plusSeconds(5), T0.plusSeconds(9),
                                    TaskState.FAILED, "Exited with code 3.")));
            store.recordMailStatus(sim.id(), "written to outbox/task-1.eml");
        }
        // One file, no write-ahead log beside it: closing checkpoints it; say so if not.
        if (Files.exists(Path.of(args[0] + "-wal")) && Files.size(Path.of(args[0] + "-wal")) > 0) {
            throw new IllegalStateException("The write-ahead log was left behind; the fixture would be incomplete.");
        }
        System.out.println("Wrote " + file + " (schema 7, 7 tasks)");
    }

    static TaskRecord.Builder draft(String project, String projectId, String program, Language language, List<String> args) {
        return TaskRecord.builder().project(project).projectId(projectId).program(program).language(language)
                .arguments(args).state(TaskState.QUEUED).submittedAt(T0).clientUser("ann").clientHost("10.0.0.5").attempt(1);
    }
}

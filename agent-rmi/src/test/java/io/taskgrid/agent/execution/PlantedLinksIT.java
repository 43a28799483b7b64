package io.taskgrid.agent.execution;

import io.taskgrid.agent.runtime.RuntimeDetector;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding 8 of issue 18: a task plants symbolic links where the agent writes (its work folder, its result folder)
 * and among its results; the agent never writes through them and never copies what a link outside points to.
 */
class PlantedLinksIT {
    @TempDir
    Path shared;
    @TempDir
    Path work;
    @TempDir
    Path victims;

    private final Map<Long, CompletableFuture<TaskOutcome>> finished = new ConcurrentHashMap<>();
    private TaskRunner runner;

    @BeforeEach
    void start() {
        ExecutionSettings settings = new ExecutionSettings("agent-links", "localhost", 1, new SharedRoot(shared),
                work.resolve("tasks"), 1024 * 1024, RuntimeDetector.onPath("setsid"), RuntimeDetector.onPath("kill"),
                RuntimeDetector.onPath("setpriv"));
        runner = new TaskRunner(settings, new RuntimeDetector().detect(), new ReportSink() {
            @Override
            public void taskStarted(TaskAssignment task, Instant startedAt) {
            }

            @Override
            public void taskFinished(TaskOutcome outcome) {
                finished.computeIfAbsent(outcome.taskId(), k -> new CompletableFuture<>()).complete(outcome);
            }
        }, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private TaskOutcome run(long id, String fileName, String script) throws Exception {
        runner.execute(new TaskAssignment(id, 1, 1L, "links", null,
                ProgramSource.inline(fileName, script.getBytes(StandardCharsets.UTF_8)), Language.SHELL, List.of(), null, null));
        return finished.computeIfAbsent(id, k -> new CompletableFuture<>()).get(60, TimeUnit.SECONDS);
    }

    private Path victim(String name, String content) throws Exception {
        return Files.writeString(victims.resolve(name), content);
    }

    @Test
    void linksPlantedInTheWorkAndResultFoldersAreNeverWrittenThroughNorCopied() throws Exception {
        Path exitVictim = victim("victim-exit", "untouched 1\n");
        Path logVictim = victim("victim-log", "untouched 2\n");
        Path resultExitVictim = victim("victim-result-exit", "untouched 3\n");
        Path resultLogVictim = victim("victim-result-log", "untouched 4\n");
        Path secret = victim("secret", "SECRET-4711\n");
        Path victimDir = Files.createDirectory(victims.resolve("victim-dir"));
        String script = String.join("\n",
                "ln -s " + exitVictim + " exit_code",
                "ln -s " + logVictim + " execution.log",
                "ln -s " + secret + " leak",
                "echo report > report.txt",
                "ln -s report.txt latest",
                "R=\"$TASKGRID_SHARED/results/links/$TASKGRID_TASK_ID\"",
                "ln -s " + resultExitVictim + " \"$R/exit_code\"",
                "ln -s " + resultLogVictim + " \"$R/execution.log\"",
                "ln -s " + victimDir + " \"$R/out\"",
                "mkdir out && echo planted > out/f",
                "");
        TaskOutcome o = run(1, "plant.sh", script);
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message() + " " + o.errorOutput());

        assertEquals("untouched 1\n", Files.readString(exitVictim));
        assertEquals("untouched 2\n", Files.readString(logVictim));
        assertEquals("untouched 3\n", Files.readString(resultExitVictim));
        assertEquals("untouched 4\n", Files.readString(resultLogVictim));
        try (Stream<Path> inVictimDir = Files.list(victimDir)) {
            assertEquals(List.of(), inVictimDir.toList(), "nothing written into a folder a link pointed to");
        }
        Path result = shared.resolve(o.resultPath());
        assertTrue(Files.isRegularFile(result.resolve("exit_code"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("0\n", Files.readString(result.resolve("exit_code")));
        assertTrue(Files.isRegularFile(result.resolve("execution.log"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(result.resolve("leak"), LinkOption.NOFOLLOW_LINKS), "a link outside is dropped");
        try (Stream<Path> all = Files.walk(result)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(p).contains("SECRET-4711"), p + " holds the secret");
            }
        }
        assertEquals(Path.of("report.txt"), Files.readSymbolicLink(result.resolve("latest")), "a link within stays");
        assertEquals("planted\n", Files.readString(result.resolve("out/f")), "the task's own folder is still a result");
        assertTrue(Files.isDirectory(result.resolve("out"), LinkOption.NOFOLLOW_LINKS));
        String log = Files.readString(result.resolve("execution.log"));
        assertTrue(log.contains("dropped link leak -> " + secret + ": it points outside the task's folder"), log);
    }

    @Test
    void aProgramFileReplacedByALinkIsNotWrittenThroughByTheSlotsNextTask() throws Exception {
        Path victim = victim("victim-program", "untouched\n");
        TaskOutcome first = run(1, "p.sh", "rm p.sh\nln -s " + victim + " p.sh\n");
        assertEquals(TaskState.SUCCEEDED, first.state(), first.message());
        TaskOutcome second = run(2, "p.sh", "echo second task\n");
        assertEquals(TaskState.SUCCEEDED, second.state(), second.message());
        assertEquals("second task\n", second.output());
        assertEquals("untouched\n", Files.readString(victim));
    }
}

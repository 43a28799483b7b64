package io.taskgrid.agent.execution;

import io.taskgrid.agent.runtime.RuntimeDetector;
import io.taskgrid.agent.runtime.Runtimes;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real programs that use more memory than they asked for, stopped by the agent: once with the per-second sampling of
 * the process tree alone ("sampled"), once with a cgroup memory limit where this host allows one ("cgroup").
 */
class MemoryLimitIT {
    private static final long MB = 1024 * 1024;
    /** Parent and children each hold 40M: none alone is over 64M, together they are. */
    private static final String FORKS = """
            import os, sys, time
            for i in range(4):
                if os.fork() == 0:
                    x = bytearray(40 * 1024 * 1024)
                    time.sleep(120)
                    os._exit(0)
            x = bytearray(40 * 1024 * 1024)
            time.sleep(120)
            """;
    private static final String ALLOCATES_200M = """
            import sys, time
            x = bytearray(200 * 1024 * 1024)
            time.sleep(float(sys.argv[1]))
            """;
    private static Runtimes runtimes;

    @TempDir
    Path shared;
    @TempDir
    Path work;

    private final Map<Long, CompletableFuture<Instant>> started = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<TaskOutcome>> finished = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private TaskRunner runner;

    @BeforeAll
    static void detect() {
        runtimes = new RuntimeDetector().detect();
    }

    @AfterEach
    void stopRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    private void startRunner(String enforcement) {
        MemoryCgroups cgroups = switch (enforcement) {
            case "sampled" -> MemoryCgroups.none();
            case "cgroup" -> MemoryCgroups.detect("agent-test-" + ProcessHandle.current().pid());
            default -> throw new IllegalArgumentException(enforcement);
        };
        if (enforcement.equals("cgroup")) {
            assumeTrue(cgroups.usable(), "this host offers no memory cgroup the agent may write");
        }
        ExecutionSettings settings = new ExecutionSettings("agent-test", "localhost", 2, new SharedRoot(shared),
                work.resolve("tasks"), 1024 * 1024, RuntimeDetector.onPath("setsid"), RuntimeDetector.onPath("kill"),
                RuntimeDetector.onPath("setpriv"));
        runner = new TaskRunner(settings, 0, runtimes, new ReportSink() {
            @Override
            public void taskStarted(TaskAssignment task, Instant startedAt) {
                started.computeIfAbsent(task.taskId(), k -> new CompletableFuture<>()).complete(startedAt);
            }

            @Override
            public void taskFinished(TaskOutcome outcome) {
                finished.computeIfAbsent(outcome.taskId(), k -> new CompletableFuture<>()).complete(outcome);
            }
        }, Clock.systemUTC(), Lease.unlimited(), cgroups);
    }

    private TaskAssignment python(String source, List<String> args, String memory) {
        long id = nextId.getAndIncrement();
        return new TaskAssignment(id, 1, 9_000 + id, "demo", null,
                ProgramSource.inline("mem.py", source.getBytes(StandardCharsets.UTF_8)), Language.PYTHON, args, null,
                Duration.ofSeconds(60), Map.of(), Resources.of(1, Resources.parseMemory(memory)));
    }

    private TaskOutcome outcome(long taskId, long seconds) throws Exception {
        return finished.computeIfAbsent(taskId, k -> new CompletableFuture<>()).get(seconds, TimeUnit.SECONDS);
    }

    private Instant startOf(long taskId) throws Exception {
        return started.computeIfAbsent(taskId, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sampled", "cgroup"})
    void childrenThatTogetherUseMoreThanTheTaskAskedForAreStoppedWithTheirParent(String enforcement) throws Exception {
        startRunner(enforcement);
        TaskAssignment liar = python(FORKS, List.of(), "64M");
        runner.execute(liar);
        Instant start = startOf(liar.taskId());
        // Without enforcement it sleeps for two minutes and ends by its 60 s timeout: this wait fails first.
        TaskOutcome o = outcome(liar.taskId(), 20);
        assertEquals(TaskState.FAILED, o.state(), o.message());
        assertTrue(o.message().startsWith("Stopped: its processes"), o.message());
        assertTrue(o.message().contains("the 64M it asked for") && o.message().contains("a larger --memory"), o.message());
        assertTrue(o.usage().peakMemoryBytes() >= 64 * MB, "peak " + o.usage().peakMemoryBytes());
        assertTrue(Duration.between(start, o.endedAt()).toSeconds() < 10, "stopped " + Duration.between(start, o.endedAt()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sampled", "cgroup"})
    void aProgramThatAllocates200MWithA64MRequestIsStoppedWithinSeconds(String enforcement) throws Exception {
        startRunner(enforcement);
        TaskAssignment big = python(ALLOCATES_200M, List.of("120"), "64M");
        runner.execute(big);
        Instant start = startOf(big.taskId());
        TaskOutcome o = outcome(big.taskId(), 20);
        assertEquals(TaskState.FAILED, o.state(), o.message());
        assertEquals(null, o.exitCode());
        assertTrue(o.message().startsWith("Stopped: its processes") && o.message().contains("64M"), o.message());
        assertTrue(o.message().contains("submit it again with a larger --memory (its peak was "), o.message());
        assertTrue(o.usage().peakMemoryBytes() >= 64 * MB, "peak " + o.usage().peakMemoryBytes());
        assertTrue(Duration.between(start, o.endedAt()).toSeconds() < 5, "stopped " + Duration.between(start, o.endedAt()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sampled", "cgroup"})
    void theSameProgramWithA512MRequestSucceedsAndReportsItsPeak(String enforcement) throws Exception {
        startRunner(enforcement);
        TaskAssignment fits = python(ALLOCATES_200M, List.of("2.5"), "512M");
        runner.execute(fits);
        TaskOutcome o = outcome(fits.taskId(), 30);
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message());
        assertTrue(o.usage().peakMemoryBytes() >= 200 * MB, "peak " + o.usage().peakMemoryBytes());
    }
}

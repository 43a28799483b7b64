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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent cut off from the controller (its JVM runs on, its renewals stop) stops its tasks once its lease ran out
 * and reports them as stopped for the lease, in words, never as their own outcome; after a renewal it runs tasks as
 * before. Lease 3 s.
 */
class LeaseStopIT {
    @TempDir
    Path shared;
    @TempDir
    Path work;

    private final BlockingQueue<TaskOutcome> outcomes = new LinkedBlockingQueue<>();
    private final Lease lease = new Lease(Duration.ofSeconds(3));
    private TaskRunner runner;

    @BeforeEach
    void start() {
        ExecutionSettings settings = new ExecutionSettings("agent-test", "localhost", 2, new SharedRoot(shared),
                work.resolve("tasks"), 1024 * 1024, RuntimeDetector.onPath("setsid"), RuntimeDetector.onPath("kill"),
                RuntimeDetector.onPath("setpriv"));
        runner = new TaskRunner(settings, 0, new RuntimeDetector().detect(), new ReportSink() {
            @Override
            public void taskStarted(TaskAssignment task, Instant startedAt) {
            }

            @Override
            public void taskFinished(TaskOutcome outcome) {
                outcomes.add(outcome);
            }
        }, Clock.systemUTC(), lease);
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    @Test
    void withoutRenewalsItsTasksAreStoppedAndReportedAsStoppedNotAsTheirOutcome() throws Exception {
        lease.renewed(lease.nanoTime());
        long began = System.nanoTime();
        runner.execute(task(1, "echo $$ > \"$TASKGRID_SHARED/pid\"; sleep 30; echo ran-to-its-end"));
        long pid = awaitPid();
        TaskOutcome stopped = outcomes.poll(10, TimeUnit.SECONDS);
        assertNotNull(stopped, "the task was not stopped within 10 s of a 3 s lease");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertTrue(tookMillis >= 2_900, "stopped after " + tookMillis + " ms, before the 3 s lease ran out");
        assertTrue(stopped.stoppedForLease(), stopped.toString());
        assertEquals(TaskState.QUEUED, stopped.state());
        assertEquals("Agent agent-test could not reach the controller for 3 s, so it stopped the task; the controller"
                + " runs it again.", stopped.message());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "its program still runs");
        assertFalse(stopped.output() != null && stopped.output().contains("ran-to-its-end"));

        // The controller answers again: tasks run and report their own outcome as before.
        lease.renewed(lease.nanoTime());
        runner.execute(task(2, "echo fine"));
        TaskOutcome fine = outcomes.poll(30, TimeUnit.SECONDS);
        assertNotNull(fine);
        assertEquals(TaskState.SUCCEEDED, fine.state(), fine.toString());
    }

    private TaskAssignment task(long id, String script) {
        return new TaskAssignment(id, 1, 1L, "demo", null,
                ProgramSource.inline("t.sh", script.getBytes(StandardCharsets.UTF_8)), Language.SHELL, List.of(), null, null);
    }

    private long awaitPid() throws Exception {
        Path file = shared.resolve("pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the program did not start within 20 s");
    }
}

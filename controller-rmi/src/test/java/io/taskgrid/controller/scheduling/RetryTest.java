package io.taskgrid.controller.scheduling;

import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.RetryPolicy;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import io.taskgrid.policy.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries on failure over the scheduler, on a manual clock: which failures run again, as which attempt, with which
 * reason, after how long; and that a waiting retry survives a restart of the controller, runs once, keeps its priority
 * and can be cancelled. The heartbeat timeout is long, so that moving the clock never loses the agent.
 */
class RetryTest {
    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final RetryPolicy THREE_ON_75 = RetryPolicy.of(3, Duration.ofSeconds(30), List.of(75));

    private SchedulerFixture fixture;
    private Scheduler scheduler;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-08T12:00:00Z"));
    private final List<TaskRecord> reported = new CopyOnWriteArrayList<>();
    private final RecordingAgent agent = new RecordingAgent();
    private long token;

    @BeforeEach
    void setUp() {
        fixture = new SchedulerFixture();
        scheduler = fixture.start(clock, 10, TIMEOUT, reported::add);
        token = scheduler.registerAgent(registration(), agent);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aCoveredExitCodeRunsAgainAfterTheDelayAsTheNextAttemptUntilTheRetriesAreUsedUp() throws Exception {
        TaskRecord task = fixture.submitRetried("ann", 0, THREE_ON_75);
        TaskAssignment first = next();
        assertEquals(1, first.attempt());
        fail(first, 75, "Exited with code 75.");

        TaskRecord waiting = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.QUEUED, waiting.state());
        assertEquals(2, waiting.attempt());
        assertEquals(1, waiting.retriesUsed());
        assertEquals(clock.instant().plusSeconds(30), waiting.retryAt());
        assertEquals(75, waiting.exitCode());
        TaskAttempt one = fixture.store.attempts(task.id()).get(0);
        assertEquals(TaskState.FAILED, one.state());
        assertEquals("Exited with code 75; retry 1 of 3 in 30 s.", one.message());
        String why = scheduler.liveView(waiting).orElseThrow().waitReason();
        assertEquals("Retry 1 of 3 waits for its delay; it goes back to its queue in 30 s (attempt 1 exited with code 75).", why);

        tick(Duration.ofSeconds(29));
        assertEquals(0, scheduler.runningCount(), "it ran again before its delay passed");
        tick(Duration.ofSeconds(1));
        TaskAssignment second = next();
        assertEquals(2, second.attempt());
        assertNull(fixture.store.find(task.id()).orElseThrow().retryAt(), "back in the queue, it waits for no time");

        fail(second, 75, "Exited with code 75.");
        tick(Duration.ofSeconds(30));
        fail(next(), 75, "Exited with code 75.");
        tick(Duration.ofSeconds(30));
        TaskAssignment fourth = next();
        assertEquals(4, fourth.attempt());
        fail(fourth, 75, "Exited with code 75.");

        TaskRecord ended = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.FAILED, ended.state());
        assertEquals("Exited with code 75. Failed after 4 attempts; all 3 retries were used.", ended.message());
        assertEquals(3, ended.retriesUsed());
        List<TaskAttempt> attempts = fixture.store.attempts(task.id());
        assertEquals(List.of(1, 2, 3, 4), attempts.stream().map(TaskAttempt::attempt).toList());
        assertEquals("Exited with code 75; retry 3 of 3 in 30 s.", attempts.get(2).message());
        assertEquals(1, reported.size(), "one report when the task ends, none per attempt");
        tick(Duration.ofMinutes(5));
        assertNull(agent.executed.poll(), "a task whose retries are used up does not run again");
    }

    @Test
    void aTaskThatSucceedsOnARetrySucceedsWithItsAttemptsInTheHistory() throws Exception {
        TaskRecord task = fixture.submitRetried("ann", 0, RetryPolicy.of(2, Duration.ZERO, List.of()));
        fail(next(), 1, "Exited with code 1.");
        TaskAssignment second = next(); // no delay: at once
        assertEquals(2, second.attempt());
        scheduler.taskFinished("node1", token, new TaskOutcome(task.id(), second.attempt(), second.token(), TaskState.SUCCEEDED,
                0, "ok", "", null, clock.instant(), clock.instant(), null, null));
        scheduler.runningCount();
        TaskRecord ended = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.SUCCEEDED, ended.state());
        assertEquals(1, ended.retriesUsed());
        assertEquals("Exited with code 1; retry 1 of 2 at once.", fixture.store.attempts(task.id()).get(0).message());
        assertEquals(1, reported.size());
    }

    @Test
    void timeoutsMemoryStopsSyntaxErrorsAndUncoveredCodesAreNotRetriedAndTheMessageSaysWhy() throws Exception {
        assertNotRetried(null, "Timed out after 5s; the program and its children were stopped.",
                "Timed out after 5s; the program and its children were stopped. Not retried: a timeout is not retried"
                        + " (give a longer --timeout).");
        assertNotRetried(null, "Stopped: its processes used 600M of memory, more than the 512M it asked for.",
                "Stopped: its processes used 600M of memory, more than the 512M it asked for. Not retried: a task stopped"
                        + " for its memory is not retried (ask for more with --memory).");
        assertNotRetried(1, "Syntax error in Job.java: Job.java:3: error: ';' expected",
                "Syntax error in Job.java: Job.java:3: error: ';' expected Not retried: a syntax error is not retried.");
        assertNotRetried(1, "Exited with code 1.",
                "Exited with code 1. Not retried: exit code 1 is not among the --retry-on-exit codes (75).");
    }

    /** A task retried up to 3 times on exit code 75, at once, that fails so: not retried, with {@code expected}. */
    private void assertNotRetried(Integer exitCode, String message, String expected) throws Exception {
        TaskRecord task = fixture.submitRetried("ann", 0, RetryPolicy.of(3, Duration.ZERO, List.of(75)));
        fail(next(), exitCode, message);
        TaskRecord ended = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.FAILED, ended.state(), message);
        assertEquals(expected, ended.message());
        assertEquals(0, ended.retriesUsed());
        tick(Duration.ofSeconds(1));
        assertNull(agent.executed.poll(), "not retried: " + message);
    }

    @Test
    void aTaskCancelledWhileItRanIsNotRetriedEvenWhenItExitsWithACoveredCode() throws Exception {
        TaskRecord task = fixture.submitRetried("ann", 0, THREE_ON_75);
        TaskAssignment first = next();
        scheduler.cancel(task.id());
        fail(first, 75, "Exited with code 75.");
        assertEquals(TaskState.FAILED, fixture.store.find(task.id()).orElseThrow().state());
        tick(Duration.ofMinutes(1));
        assertNull(agent.executed.poll());
    }

    @Test
    void aRetryThatWaitsCanBeCancelledAndReprioritizedButNotHeld() throws Exception {
        TaskRecord task = fixture.submitRetried("ann", 0, THREE_ON_75);
        fail(next(), 75, "Exited with code 75.");
        assertEquals(7, scheduler.reprioritize(task.id(), 7).priority());
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> scheduler.hold(task.id(), "ann"));
        assertTrue(refused.getMessage().contains("hold it once it is back in the queue, or cancel it"), refused.getMessage());
        TaskRecord cancelled = scheduler.cancel(task.id());
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals("Cancelled while it waited to be retried, after 1 attempt.", cancelled.message());
        assertNull(cancelled.retryAt());
        tick(Duration.ofMinutes(1));
        assertNull(agent.executed.poll(), "a cancelled retry never runs");
        assertEquals(1, reported.size());
    }

    @Test
    void aRetryKeepsItsPriorityWhenItGoesBackToTheQueue() throws Exception {
        scheduler.close();
        fixture.close();
        fixture = new SchedulerFixture();
        scheduler = fixture.start(clock, 1, TIMEOUT, reported::add); // one process at a time
        token = scheduler.registerAgent(registration(), agent);
        TaskRecord urgent = fixture.submitRetried("ann", 5, THREE_ON_75);
        fail(next(), 75, "Exited with code 75.");
        TaskRecord older = fixture.submitRetried("bob", 0, RetryPolicy.NONE);
        TaskAssignment running = next();
        assertEquals(older.id(), running.taskId());
        TaskRecord later = fixture.submitRetried("bob", 0, RetryPolicy.NONE);
        tick(Duration.ofSeconds(30)); // the retry is due while the only process runs
        scheduler.taskFinished("node1", token, new TaskOutcome(older.id(), running.attempt(), running.token(), TaskState.SUCCEEDED,
                0, "", "", null, clock.instant(), clock.instant(), null, null));
        TaskAssignment afterIt = next();
        assertEquals(urgent.id(), afterIt.taskId(), "the retry of priority 5 goes before task " + later.id() + " of priority 0");
        assertEquals(2, afterIt.attempt());
    }

    @Test
    void aRetryWaitingWhenTheControllerRestartsRunsAtItsTimeAndOnce() throws Exception {
        TaskRecord task = fixture.submitRetried("ann", 0, THREE_ON_75);
        fail(next(), 75, "Exited with code 75.");
        scheduler.close(); // the controller stops (its history is all it keeps) and starts again 10 s later
        clock.advance(Duration.ofSeconds(10));
        SchedulerFixture again = new SchedulerFixture(fixture.store);
        try {
            Scheduler restarted = again.start(clock, 10, TIMEOUT, reported::add);
            restarted.recover();
            RecordingAgent back = new RecordingAgent();
            restarted.registerAgent(registration(), back);
            clock.advance(Duration.ofSeconds(19));
            restarted.checkLiveness();
            assertEquals(0, restarted.runningCount(), "it ran again before the delay it waited for before the restart");
            clock.advance(Duration.ofSeconds(1));
            restarted.checkLiveness();
            TaskAssignment second = back.executed.poll(5, TimeUnit.SECONDS);
            assertNotNull(second, "the retry was lost with the restart");
            assertEquals(task.id(), second.taskId());
            assertEquals(2, second.attempt());
            clock.advance(Duration.ofSeconds(30));
            restarted.checkLiveness();
            assertEquals(1, restarted.runningCount());
            assertNull(back.executed.poll(), "it ran twice");
        } finally {
            again.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private TaskAssignment next() throws InterruptedException {
        TaskAssignment a = agent.executed.poll(5, TimeUnit.SECONDS);
        assertNotNull(a, "the agent got no task");
        return a;
    }

    private void fail(TaskAssignment a, Integer exitCode, String message) throws Exception {
        scheduler.taskFinished("node1", token, new TaskOutcome(a.taskId(), a.attempt(), a.token(), TaskState.FAILED, exitCode,
                "", "boom", message, clock.instant().minusSeconds(1), clock.instant(), null, null));
        scheduler.runningCount(); // the outcome is applied
    }

    private void tick(Duration d) {
        clock.advance(d);
        scheduler.checkLiveness();
        scheduler.runningCount();
    }

    private static AgentRegistration registration() {
        return new AgentRegistration("node1", "host-node1", 2, List.of(new RuntimeInfo(Language.PYTHON, "Python", "")),
                Version.PROTOCOL, List.of());
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.UnknownAgentException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.HeldAttempt;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskProgress;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.ManualClock;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lost agent's running attempts run again only once its lease certainly ended (lease + margin after the controller
 * last heard from it), at once when it left or came back without them, and never while it may still run them.
 * Heartbeat timeout 4 s, lease 10 s, margin 1 s; checks every second on a manual clock.
 */
class LeaseRequeueTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final Leases LEASES = new Leases(Duration.ofSeconds(10));

    private SchedulerFixture fixture;
    private Scheduler scheduler;
    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));

    @BeforeEach
    void setUp() {
        fixture = new SchedulerFixture();
        scheduler = fixture.start(clock, 10, TIMEOUT, LEASES);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void theLeaseIsATenthLongerBeforeARerunAndAtLeastThreeHeartbeats() {
        assertEquals(Duration.ofSeconds(1), LEASES.margin());
        assertEquals(Duration.ofSeconds(3), new Leases(Duration.ofSeconds(30)).margin());
        assertEquals(Duration.ofSeconds(30), Leases.forHeartbeatTimeout(Duration.ofSeconds(10)).lease());
        assertThrows(IllegalArgumentException.class, () -> new Leases(Duration.ofSeconds(2)));
    }

    @Test
    void aSilentAgentsRunningTaskRunsAgainOnlyOnceItsLeaseCertainlyEnded() throws Exception {
        RecordingAgent silent = new RecordingAgent();
        register("node3", silent);
        TaskRecord task = fixture.submit(1, Language.PYTHON).get(0);
        SchedulerFixture.take(silent, 1);
        RecordingAgent other = new RecordingAgent();
        long otherToken = register("node4", other);
        // node3 goes silent now (last heard at t=0); node4 beats every second.
        for (int second = 1; second <= 10; second++) {
            tick("node4", otherToken);
            assertEquals(TaskState.RUNNING, fixture.store.find(task.id()).orElseThrow().state(), "at " + second + " s");
            assertNull(other.executed.poll(), "the task ran elsewhere after " + second + " s while node3's lease held");
        }
        assertEquals(List.of("node4"), scheduler.agents().stream().map(a -> a.id()).toList(), "node3 is lost after 4 s");
        String said = scheduler.liveView(fixture.store.find(task.id()).orElseThrow()).orElseThrow().waitReason();
        assertEquals("Agent node3 has not been heard from for 10 s; the task will run again in 1 s unless node3 reports.", said);
        tick("node4", otherToken); // 11 s = lease + margin: not yet after it
        assertNull(other.executed.poll());
        tick("node4", otherToken); // 12 s
        TaskAssignment again = other.executed.poll(5, TimeUnit.SECONDS);
        assertEquals(2, again == null ? 0 : again.attempt(), "the task runs again as attempt 2 once the lease ended");
        String why = fixture.store.attempts(task.id()).get(0).message();
        assertTrue(why.contains("Agent node3 was lost"), why);
    }

    @Test
    void anAgentThatComesBackInTimeKeepsItsTaskAndDeliversItsOutcome() throws Exception {
        RecordingAgent agent = new RecordingAgent();
        register("node3", agent);
        TaskRecord task = fixture.submit(1, Language.PYTHON).get(0);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        for (int second = 1; second <= 7; second++) {
            tick(null, 0);
        }
        assertEquals(0, scheduler.agents().size(), "lost after 4 s of silence");
        long token = scheduler.registerAgent(registration("node3", List.of(HeldAttempt.of(first))), agent);
        for (int second = 8; second <= 20; second++) {
            tick("node3", token);
        }
        assertNull(agent.executed.poll(), "the claimed task is not run again");
        scheduler.taskFinished("node3", token, new TaskOutcome(task.id(), first.attempt(), first.token(), TaskState.SUCCEEDED, 0, "ok", "",
                null, clock.instant().minusSeconds(19), clock.instant(), null, null));
        scheduler.runningCount();
        TaskRecord done = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.SUCCEEDED, done.state());
        assertEquals(1, done.attempt());
    }

    @Test
    void anAgentThatComesBackWithoutItsTaskOrStoppedItForItsLeaseHasItRunAgainAtOnce() throws Exception {
        RecordingAgent agent = new RecordingAgent();
        register("node3", agent);
        List<TaskRecord> tasks = fixture.submit(2, Language.PYTHON);
        List<TaskAssignment> got = SchedulerFixture.take(agent, 2);
        for (int second = 1; second <= 5; second++) {
            tick(null, 0);
        }
        assertEquals(0, scheduler.agents().size());
        // It comes back claiming only the second one; it stopped the first itself and says so.
        long token = scheduler.registerAgent(registration("node3", List.of(HeldAttempt.of(got.get(1)))), agent);
        TaskAssignment rerun = agent.executed.poll(5, TimeUnit.SECONDS);
        assertEquals(tasks.get(0).id(), rerun == null ? -1 : rerun.taskId(), "the unclaimed task runs again at once");
        assertEquals(2, rerun.attempt());
        scheduler.taskFinished("node3", token, TaskOutcome.stoppedForLease(tasks.get(1).id(), got.get(1).attempt(), got.get(1).token(),
                clock.instant().minusSeconds(5), clock.instant(),
                "Agent node3 could not reach the controller for 10 s, so it stopped the task; the controller runs it again."));
        TaskAssignment second = agent.executed.poll(5, TimeUnit.SECONDS);
        assertEquals(tasks.get(1).id(), second == null ? -1 : second.taskId(), "a task stopped for the lease runs again");
        assertEquals(2, second.attempt());
        String why = fixture.store.attempts(tasks.get(1).id()).get(0).message();
        assertTrue(why.startsWith("Agent node3 could not reach the controller for 10 s, so it stopped the task"), why);
    }

    @Test
    void afterARestartOfTheControllerARunningTaskWaitsForTheLeaseOfItsAgentNotOnlyTheHeartbeatTimeout() throws Exception {
        RecordingAgent agent = new RecordingAgent();
        register("node3", agent);
        TaskRecord task = fixture.submit(1, Language.PYTHON).get(0);
        SchedulerFixture.take(agent, 1);
        scheduler.close(); // node3 may run on, cut off from the controller, until its lease ends
        scheduler = fixture.start(clock, 10, TIMEOUT, LEASES);
        scheduler.recover();
        RecordingAgent other = new RecordingAgent();
        long otherToken = register("node4", other);
        for (int second = 1; second <= 11; second++) {
            tick("node4", otherToken);
            assertNull(other.executed.poll(), "the task ran elsewhere " + second + " s after the restart");
        }
        tick("node4", otherToken);
        TaskAssignment again = other.executed.poll(5, TimeUnit.SECONDS);
        assertEquals(task.id(), again == null ? -1 : again.taskId(), "unclaimed, it runs again once the lease ended");
    }

    @Test
    void anAgentThatComesBackStillRunningAnAttemptThatRanAgainElsewhereIsToldToStopIt() throws Exception {
        RecordingAgent silent = new RecordingAgent();
        register("node3", silent);
        TaskRecord task = fixture.submit(1, Language.PYTHON).get(0);
        TaskAssignment first = SchedulerFixture.take(silent, 1).get(0);
        RecordingAgent other = new RecordingAgent();
        long otherToken = register("node4", other);
        for (int second = 1; second <= 12; second++) { // past lease + margin
            tick("node4", otherToken);
        }
        assertNotNull(other.executed.poll(5, TimeUnit.SECONDS), "the task did not run again after node3's lease ended");
        // node3 was only cut off: it comes back, still running its attempt (it should have stopped it itself).
        long token = scheduler.registerAgent(registration("node3", List.of(HeldAttempt.of(first))), silent);
        HeldAttempt stop = silent.cancels.poll(5, TimeUnit.SECONDS);
        assertNotNull(stop, "node3 was not told to stop the attempt that now runs on node4");
        assertEquals(first.token(), stop.token());
        // Its heartbeats still show that attempt's progress: it is told again, and its reports are not applied.
        scheduler.heartbeat("node3", token, new AgentHeartbeat(0, 1, 0,
                List.of(new TaskProgress(task.id(), first.token(), new ResourceUsage(1, 1, 0))), Instant.now()));
        assertEquals(first.token(), silent.cancels.poll(5, TimeUnit.SECONDS).token());
        scheduler.taskFinished("node3", token, new TaskOutcome(task.id(), first.attempt(), first.token(), TaskState.FAILED, 1,
                "", "", null, clock.instant(), clock.instant(), null, null));
        TaskRecord now = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.RUNNING, now.state());
        assertEquals("node4", now.agentId());
        assertEquals(2, now.attempt());
        assertNull(other.cancels.poll(), "the attempt that runs now was touched");
    }

    @Test
    void aTaskWhoseAgentGoesAwayThreeTimesFailsAndSaysSoInWords() throws Exception {
        TaskRecord task = null;
        for (int attempt = 1; attempt <= Scheduler.MAX_ATTEMPTS; attempt++) {
            RecordingAgent agent = new RecordingAgent();
            long token = register("node" + attempt, agent);
            if (task == null) {
                task = fixture.submit(1, Language.PYTHON).get(0);
            }
            assertEquals(attempt, SchedulerFixture.take(agent, 1).get(0).attempt());
            scheduler.leave("node" + attempt, token);
        }
        scheduler.runningCount();
        TaskRecord failed = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.FAILED, failed.state());
        assertEquals("Agent node3 left while running it, 3 times; submit it again once the agents are stable.", failed.message());
    }

    @Test
    void anAgentThatLeftHasItsTasksRunAgainAtOnce() throws Exception {
        RecordingAgent agent = new RecordingAgent();
        long token = register("node3", agent);
        fixture.submit(1, Language.PYTHON);
        SchedulerFixture.take(agent, 1);
        RecordingAgent other = new RecordingAgent();
        register("node4", other);
        scheduler.leave("node3", token);
        TaskAssignment again = other.executed.poll(5, TimeUnit.SECONDS);
        assertEquals(2, again == null ? 0 : again.attempt());
    }

    /** One second passes; {@code beating} (if not null) beats with {@code token}; the controller checks liveness. */
    private void tick(String beating, long token) throws UnknownAgentException {
        clock.advance(Duration.ofSeconds(1));
        if (beating != null) {
            scheduler.heartbeat(beating, token, beat());
        }
        scheduler.checkLiveness();
        scheduler.runningCount();
    }

    private long register(String id, RecordingAgent agent) {
        return scheduler.registerAgent(registration(id, List.of()), agent);
    }

    private static AgentRegistration registration(String id, List<HeldAttempt> running) {
        return new AgentRegistration(id, "host-" + id, 2, List.of(new RuntimeInfo(Language.PYTHON, "Python", "")),
                Version.PROTOCOL, running);
    }

    private static AgentHeartbeat beat() {
        return new AgentHeartbeat(0, 0, 0, List.of(), Instant.now());
    }
}

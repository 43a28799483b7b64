package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.HeldAttempt;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.task.Language;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Heartbeats list what the agent holds; a task this controller gave it that it keeps leaving out for a heartbeat
 * timeout runs again instead of waiting forever on an agent that never got it or lost it (4 s timeout, manual clock).
 */
class HeartbeatReconcileTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
    private SchedulerFixture fixture;
    private Scheduler scheduler;
    private RecordingAgent agent;
    private long session;

    @BeforeEach
    void setUp() {
        fixture = new SchedulerFixture();
        scheduler = fixture.start(clock, 10, TIMEOUT);
        agent = new RecordingAgent();
        session = scheduler.registerAgent(new AgentRegistration("a", "host-a", 2,
                List.of(new RuntimeInfo(Language.SHELL, "sh", "")), Version.PROTOCOL, List.of()), agent);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aTaskTheAgentNeverListsGoesBackToTheQueueOnItsAttemptAfterTheHeartbeatTimeout() throws Exception {
        TaskRecord task = fixture.submit(1, Language.SHELL).get(0);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0); // the agent "loses" it: it never lists it
        awaitDelivered();
        for (int second = 1; second <= 4; second++) {
            beat(List.of());
            assertEquals(TaskState.RUNNING, fixture.store.find(task.id()).orElseThrow().state(), "at " + second + " s");
        }
        assertNull(agent.executed.poll(100, TimeUnit.MILLISECONDS), "sent again within the heartbeat timeout");
        beat(List.of());
        beat(List.of());
        TaskAssignment again = agent.executed.poll(5, TimeUnit.SECONDS);
        assertNotNull(again, "a task its agent never got waited forever");
        assertEquals(task.id(), again.taskId());
        assertEquals(1, again.attempt(), "it never ran: the same attempt");
        assertNotEquals(first.token(), again.token());
    }

    @Test
    void aTaskTheAgentListedThenDroppedWithoutAnOutcomeRunsAgainAsTheNextAttempt() throws Exception {
        TaskRecord task = fixture.submit(1, Language.SHELL).get(0);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        awaitDelivered();
        for (int second = 1; second <= 3; second++) {
            beat(List.of(HeldAttempt.of(first)));
        }
        for (int second = 4; second <= 10; second++) {
            beat(List.of());
        }
        TaskAssignment again = agent.executed.poll(5, TimeUnit.SECONDS);
        assertNotNull(again, "a task its agent lost without an outcome waited forever");
        assertEquals(2, again.attempt());
        String why = fixture.store.attempts(task.id()).get(0).message();
        assertEquals("Agent a no longer held it and sent no outcome", why);
    }

    @Test
    void aTaskTheAgentKeepsListingStaysItsOwn() throws Exception {
        TaskRecord task = fixture.submit(1, Language.SHELL).get(0);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        for (int second = 1; second <= 12; second++) {
            beat(List.of(HeldAttempt.of(first)));
        }
        assertNull(agent.executed.poll(100, TimeUnit.MILLISECONDS));
        assertNull(agent.cancels.poll());
        assertEquals(TaskState.RUNNING, fixture.store.find(task.id()).orElseThrow().state());
    }

    @Test
    void aDeliveryWithoutAnAnswerStaysWithItsAgentWhenItsHeartbeatsListIt() throws Exception {
        SilentAgent silent = new SilentAgent();
        session = scheduler.registerAgent(new AgentRegistration("a", "host-a", 2,
                List.of(new RuntimeInfo(Language.SHELL, "sh", "")), Version.PROTOCOL, List.of()), silent);
        beat(List.of()); // it lists what it holds
        TaskRecord task = fixture.submit(1, Language.SHELL).get(0);
        TaskAssignment first = SchedulerFixture.take(silent, 1).get(0); // taken, but the answer was lost
        for (int second = 1; second <= 8; second++) {
            beat(List.of(HeldAttempt.of(first)));
        }
        assertNull(silent.executed.poll(200, TimeUnit.MILLISECONDS), "sent again while its agent runs it: twice at once");
        TaskRecord now = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.RUNNING, now.state());
        assertEquals("a", now.agentId());
    }

    /** Takes every delivery and loses the answer of the first, as a call that timed out after it went out. */
    static final class SilentAgent extends RecordingAgent {
        private final java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public int executeAll(List<TaskAssignment> assignments) throws java.rmi.RemoteException,
                io.taskgrid.api.AccessDeniedException {
            int taken = super.executeAll(assignments);
            if (lost.compareAndSet(false, true)) {
                throw new java.rmi.UnmarshalException("the answer did not come back", new java.net.SocketTimeoutException());
            }
            return taken;
        }
    }

    /** Until the call that delivered the task has returned: the agent's heartbeats count only from then. */
    private void awaitDelivered() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (scheduler.callsOnTheWay("a") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, scheduler.callsOnTheWay("a"), "the delivery never returned");
    }

    /** One second passes and the agent beats, listing {@code held}. */
    private void beat(List<HeldAttempt> held) throws Exception {
        clock.advance(Duration.ofSeconds(1));
        scheduler.heartbeat("a", session, new AgentHeartbeat(0, held.size(), 0, List.of(), Instant.now(), held));
        scheduler.runningCount();
    }
}

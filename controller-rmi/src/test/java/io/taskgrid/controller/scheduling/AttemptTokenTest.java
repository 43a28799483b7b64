package io.taskgrid.controller.scheduling;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.rmi.RemoteException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every dispatch gets its own attempt token; a report that names another one is refused, never applied. */
class AttemptTokenTest {
    private SchedulerFixture fixture;
    private Scheduler scheduler;

    @BeforeEach
    void setUp() {
        fixture = new SchedulerFixture();
        scheduler = fixture.start(10);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aReportThatNamesAnotherAttemptTokenIsRefused() throws Exception {
        SchedulerTest.RecordingAgent agent = new SchedulerTest.RecordingAgent();
        long session = register("a", agent);
        TaskRecord task = fixture.submit(1, Language.SHELL).get(0);
        TaskAssignment sent = SchedulerFixture.take(agent, 1).get(0);
        assertNotEquals(AttemptTokens.UNKNOWN, sent.token());

        scheduler.taskStarted("a", session, new TaskStart(task.id(), 1, sent.token() + 1, Instant.EPOCH));
        scheduler.taskFinished("a", session, succeeded(sent, sent.token() + 1));
        scheduler.taskFinished("a", session, succeeded(sent, AttemptTokens.UNKNOWN));
        TaskRecord stored = fixture.store.find(task.id()).orElseThrow();
        assertEquals(TaskState.RUNNING, stored.state(), "an outcome of another attempt token was applied");
        assertNotEquals(Instant.EPOCH, scheduler.liveView(stored).orElseThrow().startedAt());
        assertEquals(1, scheduler.runningCount());

        scheduler.taskFinished("a", session, succeeded(sent, sent.token()));
        assertEquals(TaskState.SUCCEEDED, fixture.store.find(task.id()).orElseThrow().state());
    }

    @Test
    void aDeliveryWhoseReplyWasLostAndThatCameBackToTheSameAgentRefusesTheFirstDeliverysOutcome() throws Exception {
        LostReplyAgent agent = new LostReplyAgent();
        long session = register("a", agent);
        TaskRecord task = fixture.submit(1, Language.SHELL).get(0);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        // The call reached the agent but its answer did not come back: the task goes back to the queue, unstarted, and
        // once the agent is heard from again it goes to the same agent on the same attempt number.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fixture.store.find(task.id()).orElseThrow().state() != TaskState.QUEUED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(TaskState.QUEUED, fixture.store.find(task.id()).orElseThrow().state(), "the task did not go back");
        scheduler.heartbeat("a", session, new AgentHeartbeat(0, 0, 0, List.of(), Instant.now()));
        TaskAssignment second = SchedulerFixture.take(agent, 1).get(0);
        assertEquals(first.attempt(), second.attempt());
        assertNotEquals(first.token(), second.token(), "a second dispatch reuses the first one's token");

        scheduler.taskFinished("a", session, succeeded(first, first.token()));
        assertEquals(TaskState.RUNNING, fixture.store.find(task.id()).orElseThrow().state(),
                "the outcome of the first delivery was taken for the second");
        scheduler.taskFinished("a", session, succeeded(second, second.token()));
        assertEquals(TaskState.SUCCEEDED, fixture.store.find(task.id()).orElseThrow().state());
    }

    @Test
    void aCancelNamesTheCurrentAttemptToken() throws Exception {
        SchedulerTest.RecordingAgent agent = new SchedulerTest.RecordingAgent();
        register("a", agent);
        TaskRecord task = fixture.submit(1, Language.SHELL).get(0);
        TaskAssignment sent = SchedulerFixture.take(agent, 1).get(0);
        scheduler.cancel(task.id());
        var cancel = agent.cancels.poll(5, TimeUnit.SECONDS);
        assertNotNull(cancel, "no cancel reached the agent");
        assertEquals(sent.token(), cancel.token());
    }

    @Test
    void tokensNeverRepeatWithinOrAcrossIncarnations() {
        AttemptTokens one = new AttemptTokens(7);
        AttemptTokens other = new AttemptTokens(8);
        long a = one.next();
        long b = one.next();
        assertNotEquals(a, b);
        assertNotEquals(a, other.next());
        assertTrue(a != AttemptTokens.UNKNOWN && new AttemptTokens().next() != AttemptTokens.UNKNOWN);
    }

    private long register(String id, SchedulerTest.RecordingAgent agent) {
        return scheduler.registerAgent(new AgentRegistration(id, "host-" + id, 1,
                List.of(new RuntimeInfo(Language.SHELL, "sh", "")), Version.PROTOCOL, List.of()), agent);
    }

    private static TaskOutcome succeeded(TaskAssignment a, long token) {
        return new TaskOutcome(a.taskId(), a.attempt(), token, TaskState.SUCCEEDED, 0, "ok", "", null, Instant.now(),
                Instant.now(), "results/p/" + a.taskId(), null);
    }

    /** Takes the first delivery and then fails as if its answer were lost on the way back. */
    static final class LostReplyAgent extends SchedulerTest.RecordingAgent {
        private final AtomicBoolean lost = new AtomicBoolean();

        @Override
        public int executeAll(List<TaskAssignment> assignments) throws RemoteException, AccessDeniedException {
            int taken = super.executeAll(assignments);
            if (lost.compareAndSet(false, true)) {
                throw new RemoteException("the answer was lost on the way back");
            }
            return taken;
        }
    }
}

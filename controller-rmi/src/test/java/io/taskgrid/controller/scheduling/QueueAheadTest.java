package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.HeldAttempt;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tasks sent ahead to agents whose slots are all taken: limits, order, and what happens when things go wrong. */
class QueueAheadTest {
    private SchedulerFixture fixture;
    private InMemoryHistory store;
    private Scheduler scheduler;

    @BeforeEach
    void setUp() {
        fixture = new SchedulerFixture();
        store = fixture.store;
    }

    private void start(int maxProcesses) {
        scheduler = fixture.start(maxProcesses);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private List<TaskRecord> submit(int n) {
        return fixture.submit(n, Language.SHELL);
    }

    private long register(String id, int slots, int queueAhead, RecordingAgent agent, List<HeldAttempt> holding) {
        return scheduler.registerAgent(new AgentRegistration(id, "host-" + id, slots,
                List.of(new RuntimeInfo(Language.SHELL, "sh", "")), Version.PROTOCOL, holding, queueAhead), agent);
    }

    private static List<TaskAssignment> take(RecordingAgent agent, int n) throws InterruptedException {
        return SchedulerFixture.take(agent, n);
    }

    private static TaskOutcome succeeded(TaskAssignment a) {
        return new TaskOutcome(a.taskId(), a.attempt(), a.token(), TaskState.SUCCEEDED, 0, "ok", "", null, Instant.now(), Instant.now(),
                "results/p/" + a.taskId(), null);
    }

    private TaskRecord stored(long id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void anAgentWithFullSlotsHoldsItsQueueAheadAndTheFirstSentRunsWhenASlotFrees() throws Exception {
        start(100);
        RecordingAgent agent = new RecordingAgent();
        long token = register("a", 2, 2, agent, List.of());
        List<TaskRecord> tasks = submit(6);
        List<TaskAssignment> sent = take(agent, 4);
        assertNull(agent.executed.poll(200, TimeUnit.MILLISECONDS), "more than slots + queue ahead were sent");
        assertEquals(tasks.subList(0, 4).stream().map(TaskRecord::id).toList(), sent.stream().map(TaskAssignment::taskId).toList(),
                "sent in queue order");
        assertEquals(2, scheduler.runningCount(), "only the tasks in slots count as running");
        assertEquals(TaskState.RUNNING, stored(tasks.get(1).id()).state());
        TaskRecord ahead = stored(tasks.get(2).id());
        assertEquals(TaskState.QUEUED, ahead.state(), "a task sent ahead is still queued");
        assertEquals("a", ahead.agentId(), "but the history knows which agent holds it");
        assertTrue(scheduler.liveView(ahead).orElseThrow().waitReason().startsWith("Sent ahead to agent a on host-a"));
        assertNull(stored(tasks.get(4).id()).agentId());

        scheduler.taskFinished("a", token, succeeded(sent.get(0)));
        assertEquals(TaskState.SUCCEEDED, stored(tasks.get(0).id()).state());
        assertEquals(TaskState.RUNNING, stored(tasks.get(2).id()).state(), "the first sent ahead took the free slot");
        assertEquals(TaskState.QUEUED, stored(tasks.get(3).id()).state());
        assertEquals(2, scheduler.runningCount());
        assertEquals(tasks.get(4).id(), take(agent, 1).get(0).taskId(), "the queue ahead is filled up again");
        assertEquals(1, store.attempts(tasks.get(2).id()).size(), "the attempt is recorded when it runs");
    }

    @Test
    void aTaskCancelledWhileHeldAheadEndsAtOnceWithoutAnAttempt() throws Exception {
        start(100);
        RecordingAgent agent = new RecordingAgent();
        long token = register("a", 1, 1, agent, List.of());
        List<TaskRecord> tasks = submit(2);
        List<TaskAssignment> sent = take(agent, 2);
        scheduler.cancel(tasks.get(1).id());
        assertEquals(sent.get(1).token(), agent.cancels.poll(5, TimeUnit.SECONDS).token(), "the agent was asked");
        scheduler.taskFinished("a", token, TaskOutcome.cancelledBeforeStart(sent.get(1), "cancelled by a client", Instant.now()));
        TaskRecord cancelled = stored(tasks.get(1).id());
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals(List.of(), store.attempts(tasks.get(1).id()), "it never ran: no attempt");
        assertEquals(1, scheduler.runningCount(), "the slot's task still runs; nothing else counts");
        assertEquals(TaskState.RUNNING, stored(tasks.get(0).id()).state());
    }

    @Test
    void aQueueAheadNeverRaisesTheProcessLimitAndAnAgentWithAFreeSlotComesFirst() throws Exception {
        start(1);
        RecordingAgent ahead = new RecordingAgent();
        RecordingAgent plain = new RecordingAgent();
        long token = register("a", 1, 3, ahead, List.of());
        register("b", 1, 0, plain, List.of());
        List<TaskRecord> tasks = submit(6);
        List<TaskAssignment> sent = take(ahead, 4);
        assertNull(plain.executed.poll(200, TimeUnit.MILLISECONDS),
                "the second agent got a task although the limit of 1 process was reached");
        assertEquals(1, scheduler.runningCount());
        assertEquals(1, store.inState(TaskState.RUNNING).size());
        for (int i = 0; i < 4; i++) {
            scheduler.taskFinished("a", token, succeeded(sent.get(i)));
            assertTrue(store.inState(TaskState.RUNNING).size() <= 1, "more than one task RUNNING with a limit of 1");
        }
        assertEquals(4, store.inState(TaskState.SUCCEEDED).size());
        assertEquals(List.of(tasks.get(4).id(), tasks.get(5).id()),
                take(ahead, 2).stream().map(TaskAssignment::taskId).toList());
    }

    @Test
    void reportsInOneCallEndTasksAndFreeTheirSlots() throws Exception {
        start(100);
        RecordingAgent agent = new RecordingAgent();
        long token = register("a", 2, 2, agent, List.of());
        List<TaskRecord> tasks = submit(4);
        List<TaskAssignment> sent = take(agent, 4);
        Instant startedAt = Instant.parse("2026-01-01T10:00:00Z");
        scheduler.report("a", token, List.of(new TaskStart(sent.get(2).taskId(), 1, sent.get(2).token(), startedAt)),
                List.of(succeeded(sent.get(0)), succeeded(sent.get(1))));
        assertEquals(TaskState.SUCCEEDED, stored(tasks.get(0).id()).state());
        assertEquals(TaskState.SUCCEEDED, stored(tasks.get(1).id()).state());
        assertEquals(TaskState.RUNNING, stored(tasks.get(2).id()).state());
        assertEquals(TaskState.RUNNING, stored(tasks.get(3).id()).state());
        assertEquals(2, scheduler.runningCount());
        scheduler.report("a", token, List.of(), List.of(succeeded(sent.get(2))));
        assertEquals(TaskState.SUCCEEDED, stored(tasks.get(2).id()).state());
    }

    /** Gives back what it is asked to, as an agent whose task has not started yet does. */
    static final class GivingAgent extends RecordingAgent {
        final java.util.concurrent.BlockingQueue<Long> withdrawn = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public boolean withdraw(long taskId, long token) {
            withdrawn.add(taskId);
            return true;
        }
    }

    @Test
    void anIdleAgentGetsATaskThatWaitedAheadOnABusyOne() throws Exception {
        start(100);
        GivingAgent busy = new GivingAgent();
        register("a", 1, 2, busy, List.of());
        List<TaskRecord> tasks = submit(3);
        take(busy, 3);
        RecordingAgent idle = new RecordingAgent();
        register("b", 1, 0, idle, List.of());
        assertEquals(tasks.get(2).id(), busy.withdrawn.poll(5, TimeUnit.SECONDS), "the last task held ahead is asked back");
        TaskAssignment moved = take(idle, 1).get(0);
        assertEquals(tasks.get(2).id(), moved.taskId());
        assertEquals(1, moved.attempt(), "it never started: same attempt");
        assertEquals(TaskState.RUNNING, stored(moved.taskId()).state());
        assertEquals("b", stored(moved.taskId()).agentId());
        assertEquals("a", stored(tasks.get(1).id()).agentId(), "the other one still waits on the busy agent");
        assertNull(busy.withdrawn.poll(200, TimeUnit.MILLISECONDS), "only one task was asked back for one free slot");
    }

    @Test
    void aTaskThatStartedIsNotTakenBackAndStaysWithItsAgent() throws Exception {
        start(100);
        RecordingAgent busy = new RecordingAgent(); // withdraw: false, as when the task started meanwhile
        long token = register("a", 1, 1, busy, List.of());
        List<TaskRecord> tasks = submit(2);
        List<TaskAssignment> sent = take(busy, 2);
        RecordingAgent idle = new RecordingAgent();
        register("b", 1, 0, idle, List.of());
        assertNull(idle.executed.poll(300, TimeUnit.MILLISECONDS), "a task its agent did not give back was sent elsewhere");
        scheduler.taskFinished("a", token, succeeded(sent.get(0)));
        assertEquals(TaskState.RUNNING, stored(tasks.get(1).id()).state());
        assertEquals("a", stored(tasks.get(1).id()).agentId());
    }

    @Test
    void tasksAheadOnAnAgentThatLeavesGoBackToTheQueueWithTheirAttempt() throws Exception {
        start(100);
        RecordingAgent leaving = new RecordingAgent();
        long token = register("a", 1, 2, leaving, List.of());
        List<TaskRecord> tasks = submit(3);
        take(leaving, 3);
        scheduler.leave("a", token);
        RecordingAgent next = new RecordingAgent();
        register("b", 3, 0, next, List.of());
        List<TaskAssignment> again = take(next, 3);
        assertEquals(2, again.get(0).attempt(), "the task that ran on the agent that left gets a new attempt");
        assertEquals(1, again.get(1).attempt(), "a task sent ahead never started: it keeps its attempt");
        assertEquals(1, again.get(2).attempt());
        assertEquals(tasks.stream().map(TaskRecord::id).toList(), again.stream().map(TaskAssignment::taskId).toList());
    }

    @Test
    void afterARestartATaskHeldAheadWaitsForItsAgentInsteadOfRunningElsewhere() throws Exception {
        start(100);
        RecordingAgent first = new RecordingAgent();
        register("a", 1, 1, first, List.of());
        List<TaskRecord> tasks = submit(2);
        List<TaskAssignment> sent = take(first, 2);
        long heldAhead = tasks.get(1).id();
        assertEquals("a", stored(heldAhead).agentId());
        scheduler.close();

        start(100);
        scheduler.recover();
        RecordingAgent other = new RecordingAgent();
        register("b", 4, 0, other, List.of());
        submit(1);
        assertEquals(tasks.get(1).id() + 1, take(other, 1).get(0).taskId(), "only the new task goes to the other agent");
        assertNull(other.executed.poll(200, TimeUnit.MILLISECONDS), "a task its agent may still hold was sent elsewhere");

        RecordingAgent back = new RecordingAgent();
        register("a", 1, 1, back, sent.stream().map(HeldAttempt::of).toList());
        assertEquals(TaskState.RUNNING, stored(tasks.get(0).id()).state());
        assertEquals(TaskState.QUEUED, stored(heldAhead).state(), "still ahead: the agent's slot is taken");
        assertEquals("a", stored(heldAhead).agentId());
        assertNull(back.executed.poll(200, TimeUnit.MILLISECONDS), "tasks the agent holds are not sent again");
    }

    @Test
    void aTaskHeldAheadByAnAgentThatRestartedWithoutItCountsAsAnAttemptItMayHaveRun() throws Exception {
        start(100);
        RecordingAgent first = new RecordingAgent();
        register("a", 1, 1, first, List.of());
        List<TaskRecord> tasks = submit(2);
        take(first, 2);
        long heldAhead = tasks.get(1).id();
        scheduler.close(); // kill -9 of taskgrid local: the agent may have started the task ahead, unreported

        start(100);
        scheduler.recover();
        RecordingAgent restarted = new RecordingAgent();
        register("a", 2, 0, restarted, List.of()); // a new process: it holds nothing
        List<TaskAssignment> again = take(restarted, 2);
        assertEquals(List.of(2, 2), again.stream().map(TaskAssignment::attempt).toList(),
                "both run again as attempt 2, never as a second attempt 1");
        List<TaskAttempt> attempts = store.attempts(heldAhead);
        assertEquals(2, attempts.size(), attempts.toString());
        assertEquals(1, attempts.get(0).attempt());
        assertEquals(TaskState.QUEUED, attempts.get(0).state());
        assertTrue(attempts.get(0).message().contains("may have started"), attempts.get(0).message());
    }
}

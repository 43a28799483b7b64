package io.taskgrid.controller.scheduling;

import io.taskgrid.api.AgentBusyException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A busy agent takes its next tasks in the answer to its report instead of in a call from the controller. */
class ReportAnswerTest {
    private SchedulerFixture fixture;
    private InMemoryHistory store;
    private Scheduler scheduler;

    /** Records cancellations; can hold its first delivery, and a give-back, until released. */
    static final class Agent extends RecordingAgent {
        final BlockingQueue<Long> cancelled = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> withdrawAsked = new LinkedBlockingQueue<>();
        final CountDownLatch holdDelivery = new CountDownLatch(1);
        final CountDownLatch holdWithdraw = new CountDownLatch(1);
        volatile boolean holding;

        @Override
        public boolean withdraw(long taskId, long token) {
            withdrawAsked.add(taskId);
            try {
                holdWithdraw.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }

        @Override
        public void execute(TaskAssignment assignment) throws AgentBusyException {
            if (holding) {
                try {
                    holdDelivery.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.execute(assignment);
        }

        @Override
        public boolean cancel(long taskId, long token, String reason) {
            cancelled.add(taskId);
            return true;
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new SchedulerFixture();
        store = fixture.store;
        scheduler = fixture.start(100);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long register(String id, int slots, int queueAhead, RecordingAgent agent) {
        return scheduler.registerAgent(new AgentRegistration(id, "host-" + id, slots,
                List.of(new RuntimeInfo(Language.SHELL, "sh", "")), Version.PROTOCOL, List.of(), queueAhead), agent);
    }

    /**
     * The first {@code n} tasks agent "a" got through calls, once those calls returned: from then on its answers can
     * carry tasks.
     */
    private List<TaskAssignment> pushed(RecordingAgent agent, int n) throws InterruptedException {
        List<TaskAssignment> tasks = SchedulerFixture.take(agent, n);
        for (int i = 0; i < 100 && scheduler.callsOnTheWay("a") > 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, scheduler.callsOnTheWay("a"), "a call to agent a never returned");
        return tasks;
    }

    private static TaskOutcome succeeded(TaskAssignment a) {
        return new TaskOutcome(a.taskId(), a.attempt(), a.token(), TaskState.SUCCEEDED, 0, "ok", "", null, Instant.now(), Instant.now(),
                "results/p/" + a.taskId(), null);
    }

    private static List<Long> ids(List<TaskAssignment> tasks) {
        return tasks.stream().map(TaskAssignment::taskId).toList();
    }

    private TaskState state(long id) {
        return store.find(id).orElseThrow().state();
    }

    @Test
    void aBusyAgentGetsItsNextTasksInTheAnswerToItsReportAndNoCall() throws Exception {
        Agent agent = new Agent();
        long token = register("a", 1, 1, agent);
        List<TaskRecord> tasks = fixture.submit(5, Language.SHELL);
        List<TaskAssignment> pushed = pushed(agent, 2);

        List<TaskAssignment> answer = scheduler.reportAndTake("a", token, List.of(), List.of(succeeded(pushed.get(0))));

        assertEquals(List.of(tasks.get(2).id()), ids(answer), "the freed place ahead is filled through the answer");
        assertNull(agent.executed.poll(300, TimeUnit.MILLISECONDS), "the task in the answer was also sent by a call");
        assertEquals(TaskState.SUCCEEDED, state(tasks.get(0).id()));
        assertEquals(TaskState.RUNNING, state(tasks.get(1).id()), "the task held ahead took the free slot");
        assertEquals(TaskState.QUEUED, state(tasks.get(2).id()), "persisted before the answer: held ahead on a");
        assertEquals("a", store.find(tasks.get(2).id()).orElseThrow().agentId());
        assertEquals(1, scheduler.runningCount());
    }

    @Test
    void whileAnAnswerIsOnItsWayNewTasksWaitForTheAgentsNextReport() throws Exception {
        Agent agent = new Agent();
        long token = register("a", 1, 1, agent);
        fixture.submit(2, Language.SHELL);
        List<TaskAssignment> pushed = pushed(agent, 2);
        List<TaskRecord> more = fixture.submit(1, Language.SHELL);
        List<TaskAssignment> first = scheduler.reportAndTake("a", token, List.of(), List.of(succeeded(pushed.get(0))));
        assertEquals(List.of(more.get(0).id()), ids(first));

        // Both of its tasks end; the answer carrying the third may still be on its way, so what comes next waits.
        List<TaskRecord> later = fixture.submit(2, Language.SHELL);
        List<TaskAssignment> second = scheduler.reportAndTake("a", token, List.of(), List.of(succeeded(pushed.get(1))));
        assertEquals(List.of(later.get(0).id()), ids(second), "the report proves the first answer arrived: next one");
        assertNull(agent.executed.poll(300, TimeUnit.MILLISECONDS), "a call could overtake the answer");
        assertEquals(TaskState.RUNNING, state(more.get(0).id()));
        assertEquals(TaskState.QUEUED, state(later.get(1).id()));
        assertNull(store.find(later.get(1).id()).orElseThrow().agentId(), "no room: slot and place ahead are taken");
    }

    @Test
    void noTaskGoesInAnAnswerWhileACallWithTasksIsStillOnItsWay() throws Exception {
        Agent agent = new Agent();
        long token = register("a", 2, 0, agent);
        List<TaskRecord> first = fixture.submit(1, Language.SHELL);
        TaskAssignment running = pushed(agent, 1).get(0);
        agent.holding = true; // the next call to the agent stays on its way
        List<TaskRecord> second = fixture.submit(1, Language.SHELL);
        Thread.sleep(200); // lets the dispatch thread enter the held call

        List<TaskRecord> third = fixture.submit(1, Language.SHELL);
        List<TaskAssignment> answer = scheduler.reportAndTake("a", token, List.of(), List.of(succeeded(running)));
        assertEquals(List.of(), answer, "the answer could overtake the call still on its way");
        agent.holdDelivery.countDown();
        assertEquals(List.of(second.get(0).id(), third.get(0).id()), ids(SchedulerFixture.take(agent, 2)),
                "the agent gets its tasks in the order they were decided");
        assertEquals(TaskState.SUCCEEDED, state(first.get(0).id()));
    }

    @Test
    void aTaskGivenBackFromAnAnswerGoesBackToTheQueueOnTheSameAttempt() throws Exception {
        Agent agent = new Agent();
        long token = register("a", 1, 0, agent);
        fixture.submit(1, Language.SHELL);
        TaskAssignment first = pushed(agent, 1).get(0);
        List<TaskRecord> next = fixture.submit(1, Language.SHELL);
        List<TaskAssignment> answer = scheduler.reportAndTake("a", token, List.of(), List.of(succeeded(first)));
        assertEquals(List.of(next.get(0).id()), ids(answer));
        assertEquals(TaskState.RUNNING, state(next.get(0).id()));

        scheduler.reportAndTake("a", token, List.of(), List.of(TaskOutcome.givenBack(answer.get(0), "Agent a is stopping.")));

        TaskRecord back = store.find(next.get(0).id()).orElseThrow();
        assertEquals(TaskState.QUEUED, back.state());
        assertNull(back.agentId());
        assertEquals(1, back.attempt(), "it never ran: same attempt");
        assertEquals(0, scheduler.runningCount());
        RecordingAgent other = new RecordingAgent();
        register("b", 1, 0, other);
        assertEquals(next.get(0).id(), SchedulerFixture.take(other, 1).get(0).taskId(), "it runs on another agent");
    }

    @Test
    void aCancelledTaskOfAnAnswerOnItsWayIsCancelledOnTheAgentAfterItsNextReport() throws Exception {
        Agent agent = new Agent();
        long token = register("a", 2, 0, agent);
        List<TaskRecord> tasks = fixture.submit(2, Language.SHELL);
        List<TaskAssignment> pushed = pushed(agent, 2);
        List<TaskRecord> next = fixture.submit(1, Language.SHELL);
        List<TaskAssignment> answer = scheduler.reportAndTake("a", token, List.of(), List.of(succeeded(pushed.get(0))));
        assertEquals(List.of(next.get(0).id()), ids(answer));

        scheduler.cancel(next.get(0).id());
        assertNull(agent.cancelled.poll(300, TimeUnit.MILLISECONDS), "cancelled before the agent could know the task");
        assertEquals(TaskState.RUNNING, state(next.get(0).id()), "still running until the agent stops it");

        scheduler.reportAndTake("a", token, List.of(), List.of(succeeded(pushed.get(1))));
        Long cancelled = agent.cancelled.poll(5, TimeUnit.SECONDS);
        assertNotNull(cancelled, "the cancellation never reached the agent");
        assertEquals(next.get(0).id(), cancelled);
        assertTrue(store.find(tasks.get(1).id()).orElseThrow().state() == TaskState.SUCCEEDED);
    }

    @Test
    void aTaskGivenBackAfterTheControllerMovedItIntoAFreedSlotIsRequeuedNotLost() throws Exception {
        Agent holder = new Agent();
        long token = register("a", 1, 1, holder);
        List<TaskRecord> tasks = fixture.submit(2, Language.SHELL);
        List<TaskAssignment> sent = pushed(holder, 2);
        RecordingAgent idle = new RecordingAgent();
        register("b", 1, 0, idle);
        Long asked = holder.withdrawAsked.poll(5, TimeUnit.SECONDS);
        assertEquals(tasks.get(1).id(), asked, "the idle agent should get the task waiting ahead");

        // Meanwhile the first task ends: the controller moves the held one into the freed slot...
        scheduler.reportAndTake("a", token, List.of(), List.of(succeeded(sent.get(0))));
        assertEquals(TaskState.RUNNING, state(tasks.get(1).id()));
        // ...but the agent had already given it back, unstarted.
        holder.holdWithdraw.countDown();

        TaskAssignment again = null;
        for (int i = 0; i < 50 && again == null; i++) { // both agents are free now: either may get it
            again = idle.executed.poll(100, TimeUnit.MILLISECONDS);
            again = again != null ? again : holder.executed.poll();
        }
        assertNotNull(again, "the given-back task was lost: no agent got it again");
        assertEquals(tasks.get(1).id(), again.taskId());
        assertEquals(1, again.attempt(), "it never ran: same attempt");
        assertEquals(1, scheduler.runningCount(), "counted once, on the agent that got it again");
    }

    @Test
    void aHeartbeatAlsoShowsTheAnswerArrivedSoWhatWaitedForTheNextReportIsSent() throws Exception {
        Agent agent = new Agent();
        long token = register("a", 1, 2, agent);
        fixture.submit(3, Language.SHELL);
        List<TaskAssignment> pushed = pushed(agent, 3);
        List<TaskRecord> fourth = fixture.submit(1, Language.SHELL); // no room: waits in the queue
        assertEquals(List.of(fourth.get(0).id()), ids(scheduler.reportAndTake("a", token, List.of(),
                List.of(succeeded(pushed.get(0)), succeeded(pushed.get(1))))));
        List<TaskRecord> fifth = fixture.submit(1, Language.SHELL); // room for one more, but an answer is on its way
        assertNull(agent.executed.poll(300, TimeUnit.MILLISECONDS), "sent while an answer may still be on its way");

        // No report comes (say the answer's task was taken back): the next heartbeat lets it go.
        scheduler.heartbeat("a", token, new AgentHeartbeat(-1, 1, 0, List.of(), Instant.now()));
        assertEquals(List.of(fifth.get(0).id()), ids(SchedulerFixture.take(agent, 1)));
    }
}

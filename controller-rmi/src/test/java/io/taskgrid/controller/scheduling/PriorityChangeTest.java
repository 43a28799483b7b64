package io.taskgrid.controller.scheduling;

import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A queued task's priority changes: it takes its new place in the queue at once, and the history keeps it. */
class PriorityChangeTest {
    private final SchedulerFixture fixture = new SchedulerFixture();
    private final Scheduler scheduler = fixture.start(1);
    private final RecordingAgent agent = new RecordingAgent();
    private final long token = scheduler.registerAgent(new AgentRegistration("a", "host-a", 1,
            List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of()), agent);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private void succeed(TaskAssignment t) throws Exception {
        scheduler.taskFinished("a", token, new TaskOutcome(t.taskId(), t.attempt(), t.token(), TaskState.SUCCEEDED,
                0, "", "", null, Instant.now(), Instant.now(), null, null));
    }

    @Test
    void aRaisedTaskRunsNextAndALoweredOneLastAndTheHistoryKeepsIt() throws Exception {
        List<TaskRecord> tasks = fixture.submit(4, Language.PYTHON);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        assertEquals(tasks.get(0).id(), first.taskId());

        TaskRecord raised = scheduler.reprioritize(tasks.get(3).id(), 10);
        assertEquals(10, raised.priority());
        scheduler.reprioritize(tasks.get(1).id(), -5);
        assertEquals(-5, fixture.store.find(tasks.get(1).id()).orElseThrow().priority(), "the history keeps the new priority");

        succeed(first);
        TaskAssignment second = SchedulerFixture.take(agent, 1).get(0);
        assertEquals(tasks.get(3).id(), second.taskId(), "the raised task goes first");
        succeed(second);
        assertEquals(tasks.get(2).id(), SchedulerFixture.take(agent, 1).get(0).taskId(), "the lowered one goes last");
    }

    @Test
    void onlyAQueuedTaskChangesAndAnUnknownOneIsSaidSo() throws Exception {
        List<TaskRecord> tasks = fixture.submit(1, Language.PYTHON);
        TaskAssignment running = SchedulerFixture.take(agent, 1).get(0);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> scheduler.reprioritize(running.taskId(), 5));
        assertEquals("Task " + running.taskId() + " is already with agent a; only a queued task's priority can change.", e.getMessage());
        succeed(running);
        InvalidRequestException ended = assertThrows(InvalidRequestException.class, () -> scheduler.reprioritize(tasks.get(0).id(), 5));
        assertTrue(ended.getMessage().contains("has ended (succeeded)"), ended.getMessage());
        assertThrows(NoSuchTaskException.class, () -> scheduler.reprioritize(999, 5));
        assertEquals(0, fixture.store.find(tasks.get(0).id()).orElseThrow().priority());
    }
}

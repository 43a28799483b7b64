package io.taskgrid.controller.scheduling;

import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentInfo;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An administrator takes an agent out of service: nothing new goes there, what runs there finishes. */
class DrainTest {
    private final SchedulerFixture fixture = new SchedulerFixture();
    private Scheduler scheduler;
    private final RecordingAgent first = new RecordingAgent();
    private final RecordingAgent second = new RecordingAgent();
    private long firstToken;

    @BeforeEach
    void setUp() {
        scheduler = fixture.start(10);
        firstToken = register("node1-4f2a", first);
        register("node2-77c1", second);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long register(String id, RecordingAgent agent) {
        return scheduler.registerAgent(new AgentRegistration(id, "host-" + id, 2,
                List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of()), agent);
    }

    private AgentInfo agent(String id) {
        return scheduler.agents().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private void succeed(TaskAssignment t) throws Exception {
        scheduler.taskFinished("node1-4f2a", firstToken, new TaskOutcome(t.taskId(), t.attempt(), t.token(), TaskState.SUCCEEDED,
                0, "", "", null, Instant.now(), Instant.now(), null, null));
    }

    @Test
    void aDrainedAgentGetsNoNewTaskWhileWhatItRunsFinishesAndThenShowsDrained() throws Exception {
        fixture.submit(2, Language.PYTHON);
        TaskAssignment onFirst = SchedulerFixture.take(first, 1).get(0);
        SchedulerFixture.take(second, 1);

        AgentInfo draining = scheduler.drain("node1", "disk replacement", "root");
        assertEquals("node1-4f2a", draining.id(), "a unique prefix names the agent");
        assertEquals("draining (1 running): disk replacement", draining.availability());
        assertFalse(draining.drained());

        fixture.submit(3, Language.PYTHON);
        SchedulerFixture.take(second, 1); // the other agent's free slot
        assertNull(first.executed.poll(300, TimeUnit.MILLISECONDS), "a drained agent got a new task");
        assertEquals(1, agent("node1-4f2a").running(), "its running task is not stopped");

        succeed(onFirst);
        assertNull(first.executed.poll(300, TimeUnit.MILLISECONDS), "its freed slot stays empty");
        assertTrue(agent("node1-4f2a").drained());
        assertEquals(1, scheduler.summary().drainedAgents());
        assertEquals("drained: disk replacement", agent("node1-4f2a").availability());

        scheduler.resume("node1-4f2a", "root");
        assertEquals(2, SchedulerFixture.take(first, 2).size(), "resumed, it takes the waiting tasks");
        assertNull(agent("node1-4f2a").drainReason());
    }

    @Test
    void itStaysDrainedWhenItReconnectsAndTasksOnlyItCouldRunSayWhyTheyWait() throws Exception {
        scheduler.drain("node1-4f2a", "maintenance", "root");
        scheduler.drain("node2-77c1", "", "root");
        List<TaskRecord> waiting = fixture.submit(1, Language.PYTHON);
        assertNull(first.executed.poll(200, TimeUnit.MILLISECONDS));
        assertNull(second.executed.poll(10, TimeUnit.MILLISECONDS));
        String why = scheduler.liveView(fixture.store.find(waiting.get(0).id()).orElseThrow()).orElseThrow().waitReason();
        assertEquals("Every agent that runs python is drained (node1-4f2a: maintenance; node2-77c1); it runs when an"
                + " administrator resumes one or another agent joins.", why);

        firstToken = register("node1-4f2a", first); // the agent restarts during its maintenance
        assertEquals("maintenance", agent("node1-4f2a").drainReason());
        assertNull(first.executed.poll(300, TimeUnit.MILLISECONDS), "a restart does not bring it back into service");
        scheduler.resume("node2", "root");
        assertEquals(waiting.get(0).id(), SchedulerFixture.take(second, 1).get(0).taskId());
    }

    @Test
    void aRestartedControllerKeepsTheDrainUntilResumed() throws Exception {
        scheduler.drain("node1", "rack move", "root");
        fixture.close();
        SchedulerFixture again = new SchedulerFixture(fixture.store);
        try {
            Scheduler restarted = again.start(10);
            RecordingAgent back = new RecordingAgent();
            restarted.registerAgent(new AgentRegistration("node1-4f2a", "host", 2,
                    List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of()), back);
            assertEquals("rack move", restarted.agents().get(0).drainReason(), "the history kept the drain");
            again.submit(1, Language.PYTHON);
            assertNull(back.executed.poll(300, TimeUnit.MILLISECONDS), "a restarted controller sends it nothing");
            restarted.resume("node1", "root");
            assertEquals(1, SchedulerFixture.take(back, 1).size());
            assertTrue(fixture.store.drainedAgents().isEmpty(), "the resume is kept too");
        } finally {
            again.close();
        }
    }

    @Test
    void unknownOrAmbiguousAgentsAndBadReasonsAreRefusedInWords() {
        register("node1-9999", new RecordingAgent());
        InvalidRequestException ambiguous = assertThrows(InvalidRequestException.class, () -> scheduler.drain("node1", "", "root"));
        assertTrue(ambiguous.getMessage().startsWith("'node1' names 2 agents (node1-4f2a, node1-9999)"), ambiguous.getMessage());
        InvalidRequestException unknown = assertThrows(InvalidRequestException.class, () -> scheduler.resume("gpu7", "root"));
        assertEquals("No connected agent has the id gpu7; the connected ones are node1-4f2a, node2-77c1, node1-9999.",
                unknown.getMessage());
        InvalidRequestException escape = assertThrows(InvalidRequestException.class,
                () -> scheduler.drain("node2", "fine\u001b[2J", "root"));
        assertTrue(escape.getMessage().contains("control characters"), escape.getMessage());
        assertThrows(InvalidRequestException.class, () -> scheduler.drain("node2", "x".repeat(201), "root"));
        assertNull(agent("node2-77c1").drainReason(), "a refused drain changes nothing");
    }
}

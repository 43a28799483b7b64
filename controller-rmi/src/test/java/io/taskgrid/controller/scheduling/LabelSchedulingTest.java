package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Tasks that require agent labels go only to agents that have them, and never hold back the tasks behind them. */
class LabelSchedulingTest {
    private static final Requirements GPU = Requirements.parse(List.of("gpu"));

    private final SchedulerFixture fixture = new SchedulerFixture();
    private Scheduler scheduler;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long register(String id, int slots, RecordingAgent agent, String... labels) {
        return scheduler.registerAgent(new AgentRegistration(id, "host-" + id, slots,
                List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of(), 0, null,
                List.of(labels)), agent);
    }

    private long registerAhead(String id, int slots, int ahead, RecordingAgent agent, String... labels) {
        return scheduler.registerAgent(new AgentRegistration(id, "host-" + id, slots,
                List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of(), ahead, null,
                List.of(labels)), agent);
    }

    private String waitReason(TaskRecord task) {
        return scheduler.liveView(fixture.store.find(task.id()).orElseThrow()).orElseThrow().waitReason();
    }

    private void succeed(String agentId, long token, TaskAssignment t) throws Exception {
        scheduler.taskFinished(agentId, token, new TaskOutcome(t.taskId(), t.attempt(), t.token(), TaskState.SUCCEEDED,
                0, "", "", null, Instant.now(), Instant.now(), null, null));
    }

    private static Set<Long> ids(List<TaskAssignment> assignments) {
        return assignments.stream().map(TaskAssignment::taskId).collect(Collectors.toSet());
    }

    private static Set<Long> idsOf(List<TaskRecord> tasks) {
        return tasks.stream().map(TaskRecord::id).collect(Collectors.toSet());
    }

    @Test
    void aGpuTaskWaitsWhileTheTasksBehindItRunOnOtherAgents() throws Exception {
        scheduler = fixture.start(10);
        RecordingAgent plain = new RecordingAgent();
        register("node1", 2, plain, "big-mem");
        TaskRecord gpuTask = fixture.submit(1, Language.PYTHON, GPU).get(0); // first in line, with the highest priority of none
        List<TaskRecord> behind = fixture.submit(2, Language.PYTHON);

        assertEquals(idsOf(behind), ids(SchedulerFixture.take(plain, 2)), "no head-of-line blocking");
        assertEquals("Waiting for an agent with the label gpu that runs python: none is connected (labels now: big-mem (node1)).",
                waitReason(gpuTask));
    }

    @Test
    void aGpuTaskGoesOnlyToAGpuAgentAndOthersGoAnywhere() throws Exception {
        scheduler = fixture.start(10);
        RecordingAgent plain = new RecordingAgent();
        RecordingAgent gpu = new RecordingAgent();
        register("node1", 4, plain);
        long gpuToken = register("node7", 1, gpu, "gpu");
        List<TaskRecord> gpuTasks = fixture.submit(2, Language.PYTHON, GPU);

        TaskAssignment first = SchedulerFixture.take(gpu, 1).get(0);
        assertEquals(gpuTasks.get(0).id(), first.taskId());
        assertNull(plain.executed.poll(200, TimeUnit.MILLISECONDS), "a gpu task went to an agent without the label");
        assertEquals("All 1 slots of the agents with the label gpu that run python are busy; it is next in line.",
                waitReason(gpuTasks.get(1)));

        List<TaskRecord> avoiding = fixture.submit(1, Language.PYTHON, Requirements.parse(List.of("!gpu")));
        assertEquals(avoiding.get(0).id(), SchedulerFixture.take(plain, 1).get(0).taskId());
        succeed("node7", gpuToken, first);
        assertEquals(gpuTasks.get(1).id(), SchedulerFixture.take(gpu, 1).get(0).taskId());
        assertNull(plain.executed.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void atTheProcessLimitAGpuTaskIsSentAheadOnlyToAGpuAgent() throws Exception {
        scheduler = fixture.start(2);
        RecordingAgent plain = new RecordingAgent();
        RecordingAgent gpu = new RecordingAgent();
        registerAhead("a-plain", 1, 2, plain);
        registerAhead("b-gpu", 1, 2, gpu, "gpu");
        fixture.submit(2, Language.PYTHON); // one on each: the limit is reached
        SchedulerFixture.take(plain, 1);
        SchedulerFixture.take(gpu, 1);

        TaskRecord gpuTask = fixture.submit(1, Language.PYTHON, GPU).get(0);
        assertEquals(gpuTask.id(), SchedulerFixture.take(gpu, 1).get(0).taskId(), "sent ahead to the gpu agent");
        assertNull(plain.executed.poll(200, TimeUnit.MILLISECONDS), "never ahead to an agent without the label");
    }

    @Test
    void theBestOfTheMatchingAgentsIsTheLeastLoaded() throws Exception {
        scheduler = fixture.start(10);
        RecordingAgent small = new RecordingAgent();
        RecordingAgent big = new RecordingAgent();
        RecordingAgent plain = new RecordingAgent();
        register("a-plain", 8, plain);
        register("b-small", 1, small, "gpu");
        register("c-big", 3, big, "gpu", "big-mem");
        fixture.submit(4, Language.PYTHON, GPU);
        assertEquals(3, SchedulerFixture.take(big, 3).size());
        assertEquals(1, SchedulerFixture.take(small, 1).size());
        assertNull(plain.executed.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void theOnlyGpuAgentDrainedSaysSo() throws Exception {
        scheduler = fixture.start(10);
        register("node1", 2, new RecordingAgent(), "big-mem");
        register("node7", 2, new RecordingAgent(), "gpu");
        scheduler.drain("node7", "maintenance", "root");
        TaskRecord task = fixture.submit(1, Language.PYTHON, GPU).get(0);
        assertEquals("Needs an agent with the label gpu that runs python; the only one (node7) is drained: maintenance;"
                + " it runs when an administrator resumes it or another such agent joins.", waitReason(task));
    }

    @Test
    void aTaskWithoutRequirementsStillWaitsAsBefore() throws Exception {
        scheduler = fixture.start(10);
        RecordingAgent agent = new RecordingAgent();
        register("node1", 1, agent, "gpu");
        List<TaskRecord> tasks = fixture.submit(3, Language.PYTHON);
        SchedulerFixture.take(agent, 1);
        assertEquals("All 1 slots of the agents that run python are busy; 1 task is ahead of it.", waitReason(tasks.get(2)));
    }

    @Test
    void aRestartedControllerQueuesATaskForTheSameLabels() throws Exception {
        scheduler = fixture.start(10);
        TaskRecord gpuTask = fixture.submit(1, Language.PYTHON, GPU).get(0);
        fixture.close();
        SchedulerFixture again = new SchedulerFixture(fixture.store);
        try {
            scheduler = again.start(10);
            scheduler.recover();
            RecordingAgent plain = new RecordingAgent();
            RecordingAgent gpu = new RecordingAgent();
            register("node1", 2, plain);
            assertNull(plain.executed.poll(200, TimeUnit.MILLISECONDS));
            register("node7", 2, gpu, "gpu");
            assertEquals(gpuTask.id(), SchedulerFixture.take(gpu, 1).get(0).taskId());
        } finally {
            again.close();
        }
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.history.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A history that takes no writes for a while (disk full) loses nothing: the reporter hears the error, the scheduler
 * keeps what it applied and writes it with a later commit once the history takes writes again (issue 19, scenario 6:
 * tasks stayed RUNNING forever after the disk had room again).
 */
class HistoryWriteFailureTest {
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
    void anOutcomeAppliedWhileTheDiskIsFullIsWrittenOnceItHasRoom() throws Exception {
        SchedulerTest.RecordingAgent agent = new SchedulerTest.RecordingAgent();
        long session = scheduler.registerAgent(new AgentRegistration("a", "host-a", 2,
                List.of(new RuntimeInfo(Language.SHELL, "sh", "")), Version.PROTOCOL, List.of()), agent);
        TaskRecord task = fixture.submit(1, Language.SHELL).get(0);
        TaskAssignment sent = SchedulerFixture.take(agent, 1).get(0);

        fixture.store.failWrites(true);
        TaskOutcome done = new TaskOutcome(sent.taskId(), sent.attempt(), sent.token(), TaskState.SUCCEEDED, 0, "ok", "", null,
                Instant.now(), Instant.now(), "results/p/" + sent.taskId(), null);
        assertThrows(StoreException.class, () -> scheduler.taskFinished("a", session, done), "the agent must not take it as recorded");
        // Meanwhile every command that waits for a commit hears the error too, and nothing reaches the history.
        assertThrows(StoreException.class, () -> scheduler.runningCount());
        assertEquals(TaskState.RUNNING, fixture.store.find(task.id()).orElseThrow().state());

        fixture.store.failWrites(false);
        scheduler.heartbeat("a", session, new AgentHeartbeat(0, 0, 0, List.of(), Instant.now()));
        scheduler.runningCount();
        assertEquals(TaskState.SUCCEEDED, fixture.store.find(task.id()).orElseThrow().state(), "the kept change was not written");
        assertEquals(0, scheduler.runningCount());
        // The agent sends the outcome again (it kept it): it is refused as one of an attempt that ended, not applied twice.
        scheduler.taskFinished("a", session, done);
        assertEquals(TaskState.SUCCEEDED, fixture.store.find(task.id()).orElseThrow().state());
    }
}

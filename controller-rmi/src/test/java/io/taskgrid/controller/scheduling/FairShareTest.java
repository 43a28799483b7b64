package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskProgress;
import io.taskgrid.api.client.UsageReport;
import io.taskgrid.api.client.UserUsage;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each user's recent use, counted from heartbeats and outcomes, and taken back from the history after a restart. */
class FairShareTest {
    private final SchedulerFixture fixture = new SchedulerFixture();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    private Scheduler scheduler = fixture.start(clock, 4, FairShare.DEFAULT);
    private final RecordingAgent agent = new RecordingAgent();
    private long token = register();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long register() {
        return scheduler.registerAgent(new AgentRegistration("a", "host-a", 4,
                List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of()), agent);
    }

    private void finish(TaskAssignment t, double cpuSeconds) throws Exception {
        scheduler.taskFinished("a", token, new TaskOutcome(t.taskId(), t.attempt(), t.token(), TaskState.SUCCEEDED,
                0, "", "", null, clock.instant(), clock.instant(), null, new ResourceUsage(cpuSeconds, 0, 0)));
    }

    private void heartbeat(TaskAssignment t, double cpuSeconds) throws Exception {
        scheduler.heartbeat("a", token, new AgentHeartbeat(0.5, 1, 0,
                List.of(new TaskProgress(t.taskId(), t.token(), new ResourceUsage(cpuSeconds, 0, 0))), clock.instant(), null));
    }

    @Test
    void useIsCountedFromHeartbeatsOnceAndFromTheOutcomeAndSurvivesARestart() throws Exception {
        fixture.submitAs("alice", 1, Language.PYTHON, 0);
        fixture.submitAs("bob", 1, Language.PYTHON, 0);
        List<TaskAssignment> started = SchedulerFixture.take(agent, 2);
        TaskAssignment alices = started.get(0);
        TaskAssignment bobs = started.get(1);
        heartbeat(alices, 30);
        heartbeat(alices, 50); // 50 so far, not 80
        fixture.submitAs("carol", 1, Language.PYTHON, 0); // waits behind nobody: there are 4 slots
        UsageReport during = scheduler.usageReport();
        assertEquals(List.of(new UserUsage("alice", 50, 1.0, 1, 0), new UserUsage("bob", 0, 0, 1, 0),
                new UserUsage("carol", 0, 0, 1, 0)), during.users(), "running tasks count as they use");

        finish(alices, 120);
        finish(bobs, 40);
        UsageReport after = scheduler.usageReport();
        assertEquals(120, after.users().get(0).recentCpuSeconds(), 1e-9);
        assertEquals("alice", after.users().get(0).user());
        assertEquals(0.75, after.users().get(0).share(), 1e-9);
        assertEquals(40, after.users().get(1).recentCpuSeconds(), 1e-9);

        scheduler.close();
        scheduler = fixture.start(clock, 4, FairShare.DEFAULT);
        scheduler.recover();
        UsageReport restarted = scheduler.usageReport();
        assertEquals("alice", restarted.users().get(0).user());
        assertEquals(120, restarted.users().get(0).recentCpuSeconds(), 1e-9, "the history keeps what ended tasks used");
        assertEquals(40, restarted.users().get(1).recentCpuSeconds(), 1e-9);
    }
}

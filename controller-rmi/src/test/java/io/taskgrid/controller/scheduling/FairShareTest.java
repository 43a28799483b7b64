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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each user's recent use, counted from heartbeats and outcomes, and taken back from the history after a restart. */
class FairShareTest {
    private final SchedulerFixture fixture = new SchedulerFixture();
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private final SteppingClock clock = new SteppingClock(T0);
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
                0, "", "", null, T0, clock.instant(), null, new ResourceUsage(cpuSeconds, 0, 0)));
    }

    private void heartbeat(TaskAssignment t, double cpuSeconds) throws Exception {
        scheduler.heartbeat("a", token, new AgentHeartbeat(0.5, 1, 0,
                List.of(new TaskProgress(t.taskId(), t.token(), new ResourceUsage(cpuSeconds, 0, 0))), clock.instant(), null));
    }

    @Test
    void aRunningTaskCountsOneCpuFromItsStartAsHeartbeatsComeAndToItsEndAndTheHistoryKeepsItAcrossARestart() throws Exception {
        fixture.submitAs("alice", 1, Language.PYTHON, 0);
        fixture.submitAs("bob", 1, Language.PYTHON, 0);
        List<TaskAssignment> started = SchedulerFixture.take(agent, 2);
        TaskAssignment alices = started.get(0);
        TaskAssignment bobs = started.get(1);
        clock.advance(Duration.ofSeconds(40));
        finish(bobs, 0.2); // a short sleep, nearly no CPU burnt: the slot was held all the same
        clock.advance(Duration.ofSeconds(10));
        heartbeat(alices, 3);
        heartbeat(alices, 4); // the same moment again: nothing more
        fixture.submitAs("carol", 1, Language.PYTHON, 0);
        UsageReport during = scheduler.usageReport();
        assertEquals(List.of("alice", "bob", "carol"), during.users().stream().map(UserUsage::user).toList());
        assertEquals(50, during.users().get(0).recentCpuSeconds(), 0.1, "alice's running task, counted at the heartbeat");
        assertEquals(1, during.users().get(0).running());
        assertEquals(40, during.users().get(1).recentCpuSeconds(), 0.1);
        assertEquals(new UserUsage("carol", 0, 0, 1, 0), during.users().get(2), "carol's task just started on a free slot");

        clock.advance(Duration.ofSeconds(70));
        finish(alices, 5);
        UsageReport after = scheduler.usageReport();
        assertEquals("alice", after.users().get(0).user());
        assertEquals(120, after.users().get(0).recentCpuSeconds(), 0.1);
        assertEquals(0.75, after.users().get(0).share(), 0.01);

        scheduler.close();
        scheduler = fixture.start(clock, 4, FairShare.DEFAULT);
        scheduler.recover();
        UsageReport restarted = scheduler.usageReport();
        assertEquals("alice", restarted.users().get(0).user());
        assertEquals(120, restarted.users().get(0).recentCpuSeconds(), 0.1, "the history keeps how long ended tasks ran");
        assertEquals(40, restarted.users().get(1).recentCpuSeconds(), 0.1);
    }

    private Scheduler restartWith(FairShare policy, int slots) {
        scheduler.close();
        scheduler = fixture.start(clock, slots, policy);
        token = scheduler.registerAgent(new AgentRegistration("a", "host-a", slots,
                List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of()), agent);
        return scheduler;
    }

    private String userOf(TaskAssignment t) {
        return fixture.store.find(t.taskId()).orElseThrow().clientUser();
    }

    @Test
    void amongTasksOfEqualPriorityTheUserWithLessRecentUseGoesFirst() throws Exception {
        restartWith(FairShare.DEFAULT, 1);
        fixture.submitAs("alice", 5, Language.PYTHON, 0);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        clock.advance(Duration.ofSeconds(100));
        heartbeat(first, 1);
        List<io.taskgrid.api.task.TaskRecord> bobs = fixture.submitAs("bob", 2, Language.PYTHON, 0);

        finish(first, 1);
        TaskAssignment second = SchedulerFixture.take(agent, 1).get(0);
        assertEquals("bob", userOf(second), "bob has used nothing, alice 100 s: bob's task goes before her older ones");
        String why = scheduler.liveView(fixture.store.find(bobs.get(1).id()).orElseThrow()).orElseThrow().waitReason();
        assertEquals(true, why.endsWith("it is next in line."), why);
        io.taskgrid.api.task.TaskRecord alicesNext = fixture.store.find(first.taskId() + 1).orElseThrow();
        String aliceWaits = scheduler.liveView(alicesNext).orElseThrow().waitReason();
        assertEquals(true, aliceWaits.contains("Fair share: alice has used 1.7 min of CPU recently, bob 0 s — bob's tasks of the"
                + " same priority go first."), aliceWaits);

        clock.advance(Duration.ofSeconds(10));
        finish(second, 1);
        assertEquals("bob", userOf(SchedulerFixture.take(agent, 1).get(0)), "10 s against 100 s: bob again");
    }

    @Test
    void aHigherPriorityGoesFirstWhateverItsUsersUse() throws Exception {
        restartWith(FairShare.DEFAULT, 1);
        fixture.submitAs("alice", 1, Language.PYTHON, 0);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        clock.advance(Duration.ofSeconds(100));
        heartbeat(first, 1);
        fixture.submitAs("bob", 1, Language.PYTHON, 0);
        fixture.submitAs("alice", 1, Language.PYTHON, 5);
        finish(first, 1);
        TaskAssignment next = SchedulerFixture.take(agent, 1).get(0);
        assertEquals("alice", userOf(next));
        assertEquals(5, fixture.store.find(next.taskId()).orElseThrow().priority());
    }

    @Test
    void usersWhoHaveUsedNothingTakeTurnsWhenSlotsFreeAtOnce() throws Exception {
        restartWith(FairShare.DEFAULT, 4);
        fixture.submitAs("carol", 4, Language.PYTHON, 0);
        List<TaskAssignment> carols = SchedulerFixture.take(agent, 4);
        fixture.submitAs("alice", 4, Language.PYTHON, 0);
        fixture.submitAs("bob", 4, Language.PYTHON, 0);
        List<TaskOutcome> ends = carols.stream().map(t -> new TaskOutcome(t.taskId(), t.attempt(), t.token(), TaskState.SUCCEEDED,
                0, "", "", null, T0, clock.instant(), null, null)).toList();
        scheduler.report("a", token, List.of(), ends); // four slots free in one go, before any heartbeat counts anything
        List<String> users = SchedulerFixture.take(agent, 4).stream().map(this::userOf).sorted().toList();
        assertEquals(List.of("alice", "alice", "bob", "bob"), users, "a running task counts as use: they alternate");
    }

    @Test
    void withFairShareOffTasksOfEqualPriorityRunInTheOrderTheyCame() throws Exception {
        restartWith(FairShare.OFF, 1);
        fixture.submitAs("alice", 3, Language.PYTHON, 0);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        clock.advance(Duration.ofSeconds(100));
        heartbeat(first, 1);
        fixture.submitAs("bob", 1, Language.PYTHON, 0);
        finish(first, 1);
        assertEquals("alice", userOf(SchedulerFixture.take(agent, 1).get(0)));
        assertEquals(false, scheduler.usageReport().fairShare());
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskProgress;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page of the history says for each queued task why it waits, the sentence `show` gives, counted once for the page. */
class QueuedReasonsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private final SchedulerFixture fixture = new SchedulerFixture();
    private final SteppingClock clock = new SteppingClock(T0);
    private final Scheduler scheduler = fixture.start(clock, 1, FairShare.DEFAULT);
    private final RecordingAgent agent = new RecordingAgent();
    private final long token = scheduler.registerAgent(new AgentRegistration("a", "host-a", 1,
            List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of()), agent);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private List<TaskRecord> stored(List<TaskRecord> tasks) {
        return tasks.stream().map(t -> fixture.store.find(t.id()).orElseThrow()).toList();
    }

    private List<String> oneByOne(List<TaskRecord> page) {
        return page.stream().map(t -> scheduler.liveView(t).map(TaskRecord::waitReason).orElse(null)).toList();
    }

    @Test
    void eachQueuedRowOfAPageSaysWhatShowSaysForItWithFairShareHoldsAndPriorities() throws Exception {
        List<TaskRecord> all = new ArrayList<>(fixture.submitAs("alice", 4, Language.PYTHON, 0));
        TaskAssignment running = SchedulerFixture.take(agent, 1).get(0);
        clock.advance(Duration.ofMinutes(10));
        scheduler.heartbeat("a", token, new AgentHeartbeat(0.5, 1, 0,
                List.of(new TaskProgress(running.taskId(), running.token(), new ResourceUsage(60, 0, 0))), clock.instant(), null));
        all.addAll(fixture.submitAs("bob", 3, Language.PYTHON, 0));
        all.addAll(fixture.submitAs("carol", 2, Language.PYTHON, 5));
        all.addAll(fixture.submitAs("alice", 2, Language.PYTHON, 5));
        all.addAll(fixture.submit(1, Language.PYTHON, Requirements.parse(List.of("gpu"))));
        scheduler.hold(all.get(2).id(), "alice");

        List<TaskRecord> page = stored(all);
        List<String> expected = oneByOne(page);
        List<TaskRecord> views = scheduler.liveViews(page);

        assertEquals(page.stream().map(TaskRecord::id).toList(), views.stream().map(TaskRecord::id).toList(), "in the page's order");
        assertEquals(expected, views.stream().map(TaskRecord::waitReason).toList());
        assertNull(expected.get(0), "the running task has none");
        assertTrue(expected.get(1).contains("Fair share: alice has used 10.0 min of CPU recently, bob 0 s"), expected.get(1));
        assertTrue(expected.get(2).startsWith("Held by alice"), expected.get(2));
        assertTrue(expected.stream().anyMatch(w -> w != null && w.endsWith("tasks are ahead of it.")), expected.toString());
        assertTrue(expected.get(expected.size() - 1).contains("label gpu"), expected.get(expected.size() - 1));
    }

    @Test
    void aPageCountsTheTasksAheadOnlySoDeepAndSaysAtLeastBeyond() throws Exception {
        List<TaskRecord> tasks = fixture.submitAs("alice", QueuedReasons.COUNTED + 3, Language.PYTHON, 0);
        SchedulerFixture.take(agent, 1);
        TaskRecord near = fixture.store.find(tasks.get(5).id()).orElseThrow();
        TaskRecord last = fixture.store.find(tasks.get(tasks.size() - 1).id()).orElseThrow();

        List<TaskRecord> views = scheduler.liveViews(List.of(last, near));

        String lastWaits = views.get(0).waitReason();
        assertTrue(lastWaits.endsWith("; at least " + QueuedReasons.COUNTED + " tasks are ahead of it."), lastWaits);
        String shown = scheduler.liveView(last).orElseThrow().waitReason();
        assertTrue(shown.endsWith("; " + (QueuedReasons.COUNTED + 1) + " tasks are ahead of it."), "show counts them all: " + shown);
        assertEquals(scheduler.liveView(near).orElseThrow().waitReason(), views.get(1).waitReason());
        assertTrue(views.get(1).waitReason().endsWith("; 4 tasks are ahead of it."), views.get(1).waitReason());
    }

    @Test
    void aPageOfEndedTasksIsAnsweredAsItIs() {
        List<TaskRecord> page = List.of(TaskRecord.builder().id(999).state(io.taskgrid.api.task.TaskState.SUCCEEDED).build());

        assertSame(page, scheduler.liveViews(page));
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import io.taskgrid.policy.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Task arrays and dependencies over the scheduler, in memory: an array's limit, tasks that wait for others and start
 * when they ended as asked, a failure that cancels what depended on it (down a chain), and all of it again after a
 * restart. The agent has many slots, so that only the workflow holds tasks back.
 */
class WorkflowTest {
    private static final Duration TIMEOUT = Duration.ofHours(1);

    private SchedulerFixture fixture;
    private Scheduler scheduler;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-08T12:00:00Z"));
    private final List<TaskRecord> reported = new CopyOnWriteArrayList<>();
    private RecordingAgent agent = new RecordingAgent();
    private long token;

    @BeforeEach
    void setUp() {
        fixture = new SchedulerFixture();
        scheduler = fixture.start(clock, 100, TIMEOUT, reported::add);
        token = scheduler.registerAgent(registration(), agent);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void anArrayWithALimitOfTwoNeverRunsMoreThanTwoAtOnceAndRunsEveryIndexOnceInOrder() throws Exception {
        TaskRecord first = submitArray(TaskArray.parse("1-9:2%2"), List.of()); // indexes 1 3 5 7 9
        List<Integer> started = new ArrayList<>();
        List<TaskAssignment> running = new ArrayList<>(take(2));
        assertNoMoreTasks();
        running.forEach(a -> started.add(a.arrayIndex()));
        TaskRecord third = fixture.store.find(first.id() + 2).orElseThrow();
        assertEquals("Waits for room in array " + first.id() + ": at most 2 of its tasks run at once, and 2 do; 0 of 5 have"
                + " ended.", scheduler.liveView(third).orElseThrow().waitReason());
        while (!running.isEmpty()) {
            end(running.remove(0), TaskState.SUCCEEDED, 0);
            TaskAssignment next = agent.executed.poll(300, TimeUnit.MILLISECONDS);
            if (next != null) {
                running.add(next);
                started.add(next.arrayIndex());
            }
            assertTrue(running.size() <= 2, "more than two members ran at once: " + running);
        }
        assertEquals(List.of(1, 3, 5, 7, 9), started);
        assertEquals(1, reported.size(), "an array is reported once, when its last member ends: " + reported);
        assertEquals(9, reported.get(0).arrayIndex());
    }

    @Test
    void aTaskWaitsForTheTaskItDependsOnToSucceedAndSaysSo() throws Exception {
        TaskRecord parent = submit(List.of()).get(0);
        TaskAssignment parentRun = take(1).get(0);
        TaskRecord child = submit(List.of(Dependency.after(parent.id()))).get(0);
        assertNoMoreTasks();
        assertEquals("Waits for task " + parent.id() + " to succeed (it runs).",
                scheduler.liveView(child).orElseThrow().waitReason());
        end(parentRun, TaskState.SUCCEEDED, 0);
        TaskAssignment childRun = take(1).get(0);
        assertEquals(child.id(), childRun.taskId());
    }

    @Test
    void aFailedParentCancelsItsDependantsDownTheChainWithASentence() throws Exception {
        TaskRecord a = submit(List.of()).get(0);
        TaskAssignment run = take(1).get(0);
        TaskRecord b = submit(List.of(Dependency.after(a.id()))).get(0);
        TaskRecord c = submit(List.of(Dependency.after(b.id()))).get(0);
        TaskRecord cleanUp = submit(List.of(new Dependency(Dependency.Kind.FAILED, a.id()))).get(0);
        TaskRecord anyway = submit(List.of(new Dependency(Dependency.Kind.ENDED, a.id()))).get(0);
        end(run, TaskState.FAILED, 3);
        TaskRecord cancelledB = fixture.store.find(b.id()).orElseThrow();
        assertEquals(TaskState.CANCELLED, cancelledB.state());
        assertEquals("Task " + a.id() + " failed, so this one will not run.", cancelledB.message());
        TaskRecord cancelledC = fixture.store.find(c.id()).orElseThrow();
        assertEquals(TaskState.CANCELLED, cancelledC.state());
        assertEquals("Task " + b.id() + " was cancelled, so this one will not run.", cancelledC.message());
        List<Long> ran = take(2).stream().map(TaskAssignment::taskId).sorted().toList();
        assertEquals(List.of(cleanUp.id(), anyway.id()), ran, "--after-failed and --after-any run after a failure");
    }

    @Test
    void aFailureAtTheHeadOfAChainOfFiveThousandCancelsEveryLinkInTurnWithoutADeepStack() throws Exception {
        TaskRecord head = submit(List.of()).get(0);
        TaskAssignment run = take(1).get(0);
        long previous = head.id();
        for (int i = 0; i < 5_000; i++) {
            previous = submit(List.of(Dependency.after(previous))).get(0).id();
        }
        end(run, TaskState.FAILED, 1);
        TaskRecord last = fixture.store.find(previous).orElseThrow();
        assertEquals(TaskState.CANCELLED, last.state());
        assertEquals("Task " + (previous - 1) + " was cancelled, so this one will not run.", last.message());
        assertNoMoreTasks();
    }

    @Test
    void aCleanUpForAFailureIsCancelledWhenItsParentSucceeds() throws Exception {
        TaskRecord a = submit(List.of()).get(0);
        TaskRecord cleanUp = submit(List.of(new Dependency(Dependency.Kind.FAILED, a.id()))).get(0);
        end(take(1).get(0), TaskState.SUCCEEDED, 0);
        assertNoMoreTasks();
        TaskRecord r = fixture.store.find(cleanUp.id()).orElseThrow();
        assertEquals(TaskState.CANCELLED, r.state());
        assertEquals("Task " + a.id() + " succeeded, so this one (for when it fails) will not run.", r.message());
    }

    @Test
    void aTaskAfterAnArrayWaitsForEveryMemberAndIsCancelledWhenOneFails() throws Exception {
        TaskRecord array = submitArray(TaskArray.parse("1-3"), List.of());
        TaskRecord collect = submit(List.of(Dependency.after(array.id()))).get(0);
        TaskRecord always = submit(List.of(new Dependency(Dependency.Kind.ENDED, array.id()))).get(0);
        List<TaskAssignment> members = take(3);
        assertNoMoreTasks();
        assertEquals("Waits for array " + array.id() + " to succeed (0 of 3 tasks ended).",
                scheduler.liveView(fixture.store.find(collect.id()).orElseThrow()).orElseThrow().waitReason());
        end(members.get(0), TaskState.SUCCEEDED, 0);
        end(members.get(1), TaskState.FAILED, 1);
        TaskRecord cancelled = fixture.store.find(collect.id()).orElseThrow();
        assertEquals(TaskState.CANCELLED, cancelled.state(), "one failed member is enough to know");
        assertEquals("Array " + array.id() + " has a task that did not succeed (" + array.id() + ".2 failed), so this one"
                + " will not run.", cancelled.message());
        assertNoMoreTasks();
        end(members.get(2), TaskState.SUCCEEDED, 0);
        assertEquals(always.id(), take(1).get(0).taskId(), "--after-any runs once the whole array ended");
    }

    @Test
    void cancellingAWaitingTaskEndsItAndCancellingAnArrayEndsEveryMember() throws Exception {
        TaskRecord array = submitArray(TaskArray.parse("1-5%1"), List.of());
        TaskAssignment one = take(1).get(0);
        TaskRecord waiting = fixture.store.find(array.id() + 3).orElseThrow();
        TaskRecord cancelled = scheduler.cancel(waiting.id());
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals("Cancelled while it waited for room in its array.", cancelled.message());
        assertEquals(4, scheduler.cancelArray(array.id(), 5), "the running one and three waiting");
        for (long id = array.id() + 1; id < array.id() + 5; id++) {
            assertEquals(TaskState.CANCELLED, fixture.store.find(id).orElseThrow().state(), "member " + id);
        }
        assertNoMoreTasks();
        end(one, TaskState.CANCELLED, null);
        assertEquals(1, reported.size(), "one report for the array");
    }

    @Test
    void aWaitingTaskThatIsHeldGoesToHeldWhenItsParentSucceeds() throws Exception {
        TaskRecord a = submit(List.of()).get(0);
        TaskRecord b = submit(List.of(Dependency.after(a.id()))).get(0);
        assertEquals("ann", scheduler.hold(b.id(), "ann").heldBy());
        end(take(1).get(0), TaskState.SUCCEEDED, 0);
        assertNoMoreTasks();
        assertTrue(scheduler.liveView(fixture.store.find(b.id()).orElseThrow()).orElseThrow().waitReason().startsWith("Held by ann"));
        scheduler.release(b.id());
        assertEquals(b.id(), take(1).get(0).taskId());
    }

    @Test
    void aRestartedControllerKeepsTheLimitAndTheDependencies() throws Exception {
        TaskRecord array = submitArray(TaskArray.parse("1-4%2"), List.of());
        TaskRecord collect = submit(List.of(Dependency.after(array.id()))).get(0);
        List<TaskAssignment> before = take(2);
        assertNoMoreTasks();
        scheduler.close();

        scheduler = fixture.start(clock, 100, TIMEOUT, reported::add);
        scheduler.recover();
        agent = new RecordingAgent();
        token = scheduler.registerAgent(registration(), agent);
        // The agent came back without the two it ran: they run again (attempt 2), and still no more than two at once.
        List<TaskAssignment> again = take(2);
        assertEquals(List.of(1, 2), again.stream().map(TaskAssignment::arrayIndex).sorted().toList());
        assertEquals(List.of(2, 2), again.stream().map(TaskAssignment::attempt).toList());
        assertNoMoreTasks();
        assertEquals(TaskState.QUEUED, fixture.store.find(collect.id()).orElseThrow().state());
        assertTrue(scheduler.liveView(fixture.store.find(array.id() + 2).orElseThrow()).orElseThrow().waitReason()
                .startsWith("Waits for room in array " + array.id()), "the limit holds after a restart");
        assertTrue(scheduler.liveView(fixture.store.find(collect.id()).orElseThrow()).orElseThrow().waitReason()
                .startsWith("Waits for array " + array.id() + " to succeed"));
        for (TaskAssignment a : again) {
            end(a, TaskState.SUCCEEDED, 0);
        }
        List<TaskAssignment> rest = take(2);
        assertEquals(List.of(3, 4), rest.stream().map(TaskAssignment::arrayIndex).sorted().toList());
        for (TaskAssignment a : rest) {
            end(a, TaskState.SUCCEEDED, 0);
        }
        assertEquals(collect.id(), take(1).get(0).taskId(), "it starts once the whole array succeeded");
        assertEquals(2, before.size());
    }

    @Test
    void aTaskAfterTenThousandTasksStartsOnceTheLastOfThemEnded() throws Exception {
        List<TaskRecord> parents = submitHeld(10_000);
        List<Dependency> after = parents.stream().map(p -> new Dependency(Dependency.Kind.ENDED, p.id())).toList();
        TaskRecord collect = submit(after).get(0);
        for (TaskRecord p : parents.subList(0, parents.size() - 1)) {
            scheduler.cancel(p.id());
        }
        assertNoMoreTasks();
        scheduler.cancel(parents.get(parents.size() - 1).id());
        assertEquals(collect.id(), take(1).get(0).taskId());
    }

    // ------------------------------------------------------------------ helpers

    private List<TaskRecord> submit(List<Dependency> after) {
        TaskRecord draft = draft().after(after).build();
        List<ProgramSource> programs = List.of(ProgramSource.shared("x"));
        List<TaskRecord> saved = fixture.store.insertAll(List.of(draft), programs);
        scheduler.submit(saved, programs);
        return saved;
    }

    private List<TaskRecord> submitHeld(int n) {
        List<TaskRecord> drafts = Collections.nCopies(n, draft().heldBy("ann").build());
        List<ProgramSource> programs = Collections.nCopies(n, ProgramSource.shared("x"));
        List<TaskRecord> saved = fixture.store.insertAll(drafts, programs);
        scheduler.submit(saved, programs);
        return saved;
    }

    private TaskRecord submitArray(TaskArray array, List<Dependency> after) {
        List<TaskRecord> members = fixture.store.insertArray(draft().after(after).build(), ProgramSource.shared("x"), array);
        scheduler.submitArray(members.get(0), array, ProgramSource.shared("x"), Map.of());
        return members.get(0);
    }

    private TaskRecord.Builder draft() {
        return TaskRecord.builder().project("p").program("x").language(Language.PYTHON).state(TaskState.QUEUED)
                .submittedAt(clock.instant()).attempt(1).clientUser("ann").email("ann@example.org");
    }

    private List<TaskAssignment> take(int n) throws InterruptedException {
        List<TaskAssignment> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TaskAssignment a = agent.executed.poll(5, TimeUnit.SECONDS);
            assertNotNull(a, "the agent got only " + out.size() + " of " + n + " tasks");
            out.add(a);
        }
        return out;
    }

    private void assertNoMoreTasks() throws InterruptedException {
        scheduler.runningCount();
        assertNull(agent.executed.poll(200, TimeUnit.MILLISECONDS), "a task started that should wait");
    }

    private void end(TaskAssignment a, TaskState state, Integer exitCode) throws Exception {
        scheduler.taskFinished("node1", token, new TaskOutcome(a.taskId(), a.attempt(), a.token(), state, exitCode,
                "", "", state == TaskState.FAILED ? "Exited with code " + exitCode + "." : null,
                clock.instant().minusSeconds(1), clock.instant(), null, null));
        scheduler.runningCount(); // the outcome is applied and committed
    }

    private static AgentRegistration registration() {
        return new AgentRegistration("node1", "host-node1", 50, List.of(new RuntimeInfo(Language.PYTHON, "Python", "")),
                Version.PROTOCOL, List.of());
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A held task keeps out of the way until it is released: across slots freeing, cancels and restarts. */
class HoldTest {
    private final SchedulerFixture fixture = new SchedulerFixture();
    private Scheduler scheduler = fixture.start(1);
    private final RecordingAgent agent = new RecordingAgent();
    private long token = register();

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long register() {
        return scheduler.registerAgent(new AgentRegistration("a", "host-a", 1,
                List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of()), agent);
    }

    private void succeed(TaskAssignment t) throws Exception {
        scheduler.taskFinished("a", token, new TaskOutcome(t.taskId(), t.attempt(), t.token(), TaskState.SUCCEEDED,
                0, "", "", null, Instant.now(), Instant.now(), null, null));
    }

    @Test
    void aHeldTaskIsPassedOverUntilReleasedAndKeepsItsPlaceThen() throws Exception {
        List<TaskRecord> tasks = fixture.submit(3, Language.PYTHON);
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        TaskRecord held = scheduler.hold(tasks.get(1).id(), "ann");
        assertEquals("ann", held.heldBy());
        assertTrue(held.held());
        assertEquals("ann", fixture.store.find(held.id()).orElseThrow().heldBy(), "the history keeps who held it");
        String why = scheduler.liveView(fixture.store.find(held.id()).orElseThrow()).orElseThrow().waitReason();
        assertEquals("Held by ann; it starts only after `taskgrid release " + held.id() + "`.", why);
        assertEquals(new io.taskgrid.api.client.GridSummary(1, 1, 1, 1, 0, 1), scheduler.summary(),
                "the summary counts it held, not queued");

        succeed(first);
        TaskAssignment second = SchedulerFixture.take(agent, 1).get(0);
        assertEquals(tasks.get(2).id(), second.taskId(), "the held task is passed over");
        assertEquals(held.id(), scheduler.hold(held.id(), "bob").id(), "holding again changes nothing");
        assertEquals("ann", fixture.store.find(held.id()).orElseThrow().heldBy());

        TaskRecord released = scheduler.release(held.id());
        assertNull(released.heldBy());
        assertNull(agent.executed.poll(200, TimeUnit.MILLISECONDS), "released, it waits for a free slot like any other");
        succeed(second);
        assertEquals(held.id(), SchedulerFixture.take(agent, 1).get(0).taskId());
    }

    @Test
    void aTaskSubmittedHeldStaysHeldAcrossARestartAndCancelsAtOnce() throws Exception {
        TaskRecord draft = TaskRecord.builder().project("p").program("x").language(Language.PYTHON).state(TaskState.QUEUED)
                .submittedAt(Instant.now()).attempt(1).heldBy("ann").build();
        List<ProgramSource> programs = List.of(ProgramSource.shared("x"), ProgramSource.shared("x"));
        List<TaskRecord> saved = fixture.store.insertAll(List.of(draft, draft.toBuilder().heldBy(null).build()), programs);
        scheduler.submit(saved, programs);
        TaskAssignment other = SchedulerFixture.take(agent, 1).get(0);
        assertEquals(saved.get(1).id(), other.taskId(), "the held one, though first, waits");
        succeed(other);

        scheduler.close();
        scheduler = fixture.start(Clock.systemUTC(), 1, Duration.ofSeconds(30));
        scheduler.recover();
        token = register();
        assertNull(agent.executed.poll(300, TimeUnit.MILLISECONDS), "a restarted controller keeps it held");
        assertTrue(scheduler.liveView(saved.get(0)).orElseThrow().waitReason().startsWith("Held by ann"));

        TaskRecord cancelled = scheduler.cancel(saved.get(0).id());
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals("Cancelled while held.", cancelled.message());
    }

    @Test
    void aTaskOnAnAgentCannotBeHeld() throws Exception {
        List<TaskRecord> tasks = fixture.submit(1, Language.PYTHON);
        TaskAssignment running = SchedulerFixture.take(agent, 1).get(0);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> scheduler.hold(running.taskId(), "ann"));
        assertEquals("Task " + tasks.get(0).id() + " is already with agent a; only a queued task's start can be held back.",
                e.getMessage());
        assertNull(fixture.store.find(running.taskId()).orElseThrow().heldBy());
    }
}

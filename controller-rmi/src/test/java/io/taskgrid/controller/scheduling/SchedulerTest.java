package io.taskgrid.controller.scheduling;

import io.taskgrid.policy.ManualClock;
import io.taskgrid.api.AgentBusyException;
import io.taskgrid.api.UnknownAgentException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.HeldAttempt;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.events.EventHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerTest {
    private SchedulerFixture fixture;
    private InMemoryHistory store;
    private EventHub hub;
    private Scheduler scheduler;

    /** An agent that only records what it was given. */
    static class RecordingAgent implements AgentService {
        final BlockingQueue<TaskAssignment> executed = new LinkedBlockingQueue<>();
        final AtomicInteger busyRefusals = new AtomicInteger();

        @Override
        public void execute(TaskAssignment assignment) throws AgentBusyException {
            if (busyRefusals.getAndDecrement() > 0) {
                throw new AgentBusyException("all slots taken");
            }
            executed.add(assignment);
        }

        /** Every cancel the controller sent: the task and the attempt token it named. */
        final BlockingQueue<HeldAttempt> cancels = new LinkedBlockingQueue<>();

        @Override
        public boolean cancel(long taskId, long token, String reason) {
            cancels.add(new HeldAttempt(taskId, 0, token));
            return true;
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new SchedulerFixture();
        store = fixture.store;
        hub = fixture.hub;
    }

    private void start(int maxProcesses) {
        scheduler = fixture.start(maxProcesses);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private List<TaskRecord> submit(int n, Language language) {
        return fixture.submit(n, language);
    }

    private long register(String id, int slots, RecordingAgent agent, Language... languages) {
        List<RuntimeInfo> rts = java.util.Arrays.stream(languages).map(l -> new RuntimeInfo(l, l.displayName(), "")).toList();
        return scheduler.registerAgent(new AgentRegistration(id, "host-" + id, slots, rts, Version.PROTOCOL, List.of()), agent);
    }

    private static List<TaskAssignment> take(RecordingAgent agent, int n) throws InterruptedException {
        return SchedulerFixture.take(agent, n);
    }

    @Test
    void spreadsTwentyTasksOverTwoAgentsInProportionToTheirSlots() throws Exception {
        start(100);
        RecordingAgent big = new RecordingAgent();
        RecordingAgent small = new RecordingAgent();
        register("big", 15, big, Language.PYTHON);
        register("small", 5, small, Language.PYTHON);
        submit(20, Language.PYTHON);
        take(big, 15);
        take(small, 5);
        assertEquals(20, scheduler.runningCount());
        Map<String, Integer> running = new ConcurrentHashMap<>();
        scheduler.agents().forEach(a -> running.put(a.id(), a.running()));
        assertEquals(Map.of("big", 15, "small", 5), running);
    }

    @Test
    void theSubmittersEnvironmentReachesTheAgentAlsoAfterARestart() throws Exception {
        start(10);
        TaskRecord draft = TaskRecord.builder().project("p").program("x").language(Language.PYTHON).state(TaskState.QUEUED)
                .submittedAt(Instant.now()).attempt(1).build();
        List<ProgramSource> programs = List.of(ProgramSource.shared("x"), ProgramSource.shared("x"));
        List<Map<String, String>> environments = List.of(Map.of("MODE", "fast"), Map.of());
        List<TaskRecord> saved = store.insertAll(List.of(draft, draft), programs, java.util.Arrays.asList(null, null),
                environments);
        scheduler.submit(saved, programs, environments);
        RecordingAgent agent = new RecordingAgent();
        register("a", 1, agent, Language.PYTHON);
        assertEquals(Map.of("MODE", "fast"), take(agent, 1).get(0).environment());

        scheduler.close(); // the second task is still queued: a restarted controller reads its variables back
        scheduler = fixture.start(10);
        scheduler.recover();
        TaskRecord third = store.insertAll(List.of(draft), List.of(ProgramSource.shared("x")), java.util.Arrays.asList((String) null),
                List.of(Map.of("K", "v=1"))).get(0);
        scheduler.submit(List.of(third), List.of(ProgramSource.shared("x")), List.of(Map.of("K", "v=1")));
        RecordingAgent again = new RecordingAgent();
        register("b", 3, again, Language.PYTHON);
        Map<Long, Map<String, String>> got = new java.util.HashMap<>();
        for (TaskAssignment a : take(again, 2)) {
            got.put(a.taskId(), a.environment());
        }
        assertEquals(Map.of(), got.get(saved.get(1).id()));
        assertEquals(Map.of("K", "v=1"), got.get(third.id()));
        assertEquals(Map.of("MODE", "fast"), store.environment(saved.get(0).id()), "kept in the history, never in a record");
    }

    @Test
    void neverRunsMoreThanMaxProcessesAndDispatchesTheNextWhenOneEnds() throws Exception {
        start(3);
        RecordingAgent agent = new RecordingAgent();
        long token = register("a", 10, agent, Language.PYTHON);
        List<TaskRecord> tasks = submit(5, Language.PYTHON);
        List<TaskAssignment> first = take(agent, 3);
        assertEquals(3, scheduler.runningCount());
        assertEquals(null, agent.executed.poll(200, TimeUnit.MILLISECONDS), "a 4th task was sent over the limit");
        TaskRecord waiting = scheduler.liveView(store.find(tasks.get(4).id()).orElseThrow()).orElseThrow();
        assertEquals("The process limit is reached: 3 of 3 processes are running; 1 task is ahead of it.", waiting.waitReason());
        TaskAssignment done = first.get(0);
        scheduler.taskFinished("a", token, new TaskOutcome(done.taskId(), done.attempt(), done.token(), TaskState.SUCCEEDED, 0, "out", "", null,
                Instant.now(), Instant.now(), "results/p/" + done.taskId(), null));
        take(agent, 1);
        assertEquals(TaskState.SUCCEEDED, store.find(done.taskId()).orElseThrow().state());
        assertEquals("out", store.find(done.taskId()).orElseThrow().output());
        // the same outcome again is harmless
        scheduler.taskFinished("a", token, new TaskOutcome(done.taskId(), done.attempt(), done.token(), TaskState.FAILED, 1, "", "", null,
                Instant.now(), Instant.now(), null, null));
        assertEquals(TaskState.SUCCEEDED, store.find(done.taskId()).orElseThrow().state());
        assertEquals(3, scheduler.runningCount());
    }

    @Test
    void aTaskNoAgentCanRunDoesNotBlockOtherLanguages() throws Exception {
        start(10);
        RecordingAgent agent = new RecordingAgent();
        register("a", 2, agent, Language.SHELL);
        TaskRecord ruby = submit(1, Language.RUBY).get(0);
        submit(1, Language.SHELL);
        assertEquals(Language.SHELL, take(agent, 1).get(0).language());
        assertEquals("No connected agent runs ruby programs; connected agents run: sh.",
                scheduler.liveView(ruby).orElseThrow().waitReason());
    }

    @Test
    void aBusyAgentGetsTheTaskBackInTheQueueUntilItsNextHeartbeat() throws Exception {
        start(10);
        RecordingAgent agent = new RecordingAgent();
        agent.busyRefusals.set(1);
        long token = register("a", 2, agent, Language.PYTHON);
        TaskRecord task = submit(1, Language.PYTHON).get(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (scheduler.runningCount() != 0 || store.find(task.id()).orElseThrow().state() != TaskState.QUEUED) {
            assertTrue(System.nanoTime() < deadline, "the refused task did not go back to the queue");
            Thread.onSpinWait();
        }
        assertEquals(1, store.find(task.id()).orElseThrow().attempt());
        scheduler.heartbeat("a", token, new AgentHeartbeat(0.1, 0, 0, List.of(), Instant.now()));
        assertEquals(task.id(), take(agent, 1).get(0).taskId());
    }

    @Test
    void aReplacedSessionIsUnknownAndUnclaimedTasksAreRequeued() throws Exception {
        start(10);
        RecordingAgent agent = new RecordingAgent();
        long oldToken = register("a", 2, agent, Language.PYTHON);
        TaskRecord task = submit(1, Language.PYTHON).get(0);
        take(agent, 1);
        long newToken = register("a", 2, agent, Language.PYTHON);
        assertThrows(UnknownAgentException.class,
                () -> scheduler.heartbeat("a", oldToken, new AgentHeartbeat(0, 0, 0, List.of(), Instant.now())));
        TaskAssignment again = take(agent, 1).get(0);
        assertEquals(task.id(), again.taskId());
        assertEquals(2, again.attempt());
        scheduler.heartbeat("a", newToken, new AgentHeartbeat(0, 1, 0, List.of(), Instant.now()));
    }

    @Test
    void cancelsAQueuedTaskAtOnce() throws Exception {
        start(10);
        TaskRecord task = submit(1, Language.PYTHON).get(0);
        TaskRecord cancelled = scheduler.cancel(task.id());
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals(TaskState.CANCELLED, store.find(task.id()).orElseThrow().state());
        assertEquals(TaskState.CANCELLED, scheduler.cancel(task.id()).state(), "cancelling an ended task returns it");
    }

    /** An agent that checks, when a task reaches it, that the history already says RUNNING on its name. */
    static final class CheckingAgent implements AgentService {
        final BlockingQueue<TaskAssignment> executed = new LinkedBlockingQueue<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final InMemoryHistory store;

        CheckingAgent(InMemoryHistory store) {
            this.store = store;
        }

        @Override
        public void execute(TaskAssignment assignment) {
            TaskRecord saved = store.find(assignment.taskId()).orElseThrow();
            if (saved.state() != TaskState.RUNNING || !"a".equals(saved.agentId())) {
                violations.add("task " + assignment.taskId() + " was sent while the history said " + saved.state());
            }
            executed.add(assignment);
        }

        @Override
        public boolean cancel(long taskId, long token, String reason) {
            return true;
        }
    }

    @Test
    void aBurstIsCommittedInOneTransactionAndPersistedBeforeItIsSentOrAcknowledged() throws Exception {
        start(100);
        CheckingAgent agent = new CheckingAgent(store);
        List<RuntimeInfo> rts = List.of(new RuntimeInfo(Language.PYTHON, "python", ""));
        long token = scheduler.registerAgent(new AgentRegistration("a", "host-a", 100, rts, Version.PROTOCOL, List.of()), agent);
        long before = store.updateTransactions();
        submit(100, Language.PYTHON);
        List<TaskAssignment> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TaskAssignment a = agent.executed.poll(5, TimeUnit.SECONDS);
            assertNotNull(a, "the agent got only " + sent.size() + " of 100 tasks");
            sent.add(a);
        }
        assertEquals(List.of(), agent.violations, "a dispatch went out before its RUNNING state was committed");
        long burst = store.updateTransactions() - before;
        assertTrue(burst >= 1 && burst <= 2, "100 dispatches decided together take one commit, not " + burst);

        for (TaskAssignment a : sent) {
            scheduler.taskFinished("a", token, new TaskOutcome(a.taskId(), a.attempt(), a.token(), TaskState.SUCCEEDED, 0, "ok", "", null,
                    Instant.now(), Instant.now(), "results/p/" + a.taskId(), null));
            // taskFinished returned: the agent's report is acknowledged, so it must be in the history already
            assertEquals(TaskState.SUCCEEDED, store.find(a.taskId()).orElseThrow().state());
        }
    }


    /** Runs a liveness check and waits until the scheduler thread did (it reads the clock when it runs). */
    private void check() {
        scheduler.checkLiveness();
        scheduler.runningCount();
    }

    private static AgentHeartbeat beat() {
        return new AgentHeartbeat(0, 0, 0, List.of(), Instant.now());
    }

    @Test
    void aSilentAgentIsLostButNotBecauseTheControllerItselfStoodStill() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
        scheduler = fixture.start(clock, 10, Duration.ofSeconds(4));
        long token = register("a", 2, new RecordingAgent(), Language.PYTHON);
        check();
        // The controller is paused for 10 s (more than the 4 s timeout): the next check comes 10 s later.
        clock.advance(Duration.ofSeconds(10));
        check();
        assertEquals(1, scheduler.agents().size(), "an agent must not be declared lost for the controller's own pause");
        scheduler.heartbeat("a", token, beat());
        // Regular checks (every second) of an agent that really went silent: lost once 4 s passed.
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(1));
            check();
        }
        assertEquals(1, scheduler.agents().size(), "4 s of silence is not yet more than the timeout");
        clock.advance(Duration.ofSeconds(1));
        check();
        assertEquals(0, scheduler.agents().size(), "5 s of silence with a controller that kept checking is a lost agent");
        assertThrows(UnknownAgentException.class, () -> scheduler.heartbeat("a", token, beat()));
    }

    @Test
    void aTaskItsAgentDidNotClaimAfterARestartRunsOnceAndIsNotDeclaredLostAtTheOldDeadline() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
        scheduler = fixture.start(clock, 10, Duration.ofSeconds(4));
        register("a", 1, new RecordingAgent(), Language.PYTHON);
        TaskRecord task = submit(1, Language.PYTHON).get(0);
        scheduler.close(); // kill -9 of taskgrid local: controller and agent gone at once

        scheduler = fixture.start(clock, 10, Duration.ofSeconds(4));
        scheduler.recover(); // the running task waits 4 s for its agent to claim it
        RecordingAgent restarted = new RecordingAgent();
        long token = register("a", 1, restarted, Language.PYTHON); // a new process: it claims nothing
        assertEquals(2, take(restarted, 1).get(0).attempt(), "it runs again, as attempt 2");
        for (int i = 0; i < 6; i++) { // past the recovery's deadline, the agent reporting all along
            clock.advance(Duration.ofSeconds(1));
            scheduler.heartbeat("a", token, beat());
            check();
        }
        TaskRecord now = store.find(task.id()).orElseThrow();
        assertEquals(TaskState.RUNNING, now.state());
        assertEquals(2, now.attempt(), "attempt 2 still runs on its agent; no attempt 3 beside it");
        assertNull(restarted.executed.poll(200, TimeUnit.MILLISECONDS), "nothing more was sent");
    }

    @Test
    void eachAttemptIsInTheHistoryWithItsAgentAndHowItEnded() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
        scheduler = fixture.start(clock, 10, Duration.ofSeconds(4));
        RecordingAgent first = new RecordingAgent();
        register("agent-a", 1, first, Language.PYTHON);
        TaskRecord task = submit(1, Language.PYTHON).get(0);
        take(first, 1);
        check();
        assertEquals(List.of(TaskState.RUNNING), store.attempts(task.id()).stream().map(a -> a.state()).toList());
        // agent-a goes silent while agent-b keeps beating; the checks come every second.
        RecordingAgent second = new RecordingAgent();
        long tokenB = register("agent-b", 1, second, Language.PYTHON);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            scheduler.heartbeat("agent-b", tokenB, beat());
            check();
        }
        TaskAssignment again = take(second, 1).get(0);
        assertEquals(2, again.attempt());
        Instant started = clock.instant().minusMillis(300);
        scheduler.taskFinished("agent-b", tokenB, new TaskOutcome(task.id(), 2, again.token(), TaskState.SUCCEEDED, 0, "ok", "", null,
                started, clock.instant(), "results/p/1", null));
        var attempts = store.attempts(task.id());
        assertEquals(2, attempts.size(), attempts.toString());
        assertEquals(1, attempts.get(0).attempt());
        assertEquals("agent-a", attempts.get(0).agentId());
        assertEquals("host-agent-a", attempts.get(0).agentHost());
        assertEquals(TaskState.QUEUED, attempts.get(0).state(), "the first run ended with the task back in the queue");
        assertEquals("Agent agent-a was lost", attempts.get(0).message());
        assertNotNull(attempts.get(0).endedAt());
        assertEquals(2, attempts.get(1).attempt());
        assertEquals("agent-b", attempts.get(1).agentId());
        assertEquals(TaskState.SUCCEEDED, attempts.get(1).state());
        assertEquals(started, attempts.get(1).startedAt(), "the program's start as the agent reported it");
        assertEquals(TaskState.SUCCEEDED, store.find(task.id()).orElseThrow().state());
    }
}

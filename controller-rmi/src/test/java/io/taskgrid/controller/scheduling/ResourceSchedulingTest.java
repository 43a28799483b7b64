package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.scheduling.SchedulerTest.RecordingAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Tasks that ask for CPUs and memory are packed within each agent's room, and a large one is never starved by small ones. */
class ResourceSchedulingTest {
    private static final long G = 1L << 30;

    private final SchedulerFixture fixture = new SchedulerFixture();
    private Scheduler scheduler;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private long register(String id, int cpus, long memory, int ahead, RecordingAgent agent) {
        return scheduler.registerAgent(new AgentRegistration(id, "host-" + id, cpus,
                List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL, List.of(), ahead, null,
                List.of(), memory), agent);
    }

    private String waitReason(TaskRecord task) {
        return scheduler.liveView(fixture.store.find(task.id()).orElseThrow()).orElseThrow().waitReason();
    }

    private void succeed(String agentId, long token, TaskAssignment t) throws Exception {
        scheduler.taskFinished(agentId, token, new TaskOutcome(t.taskId(), t.attempt(), t.token(), TaskState.SUCCEEDED,
                0, "", "", null, Instant.now(), Instant.now(), null, null));
    }

    @Test
    void tasksArePackedByTheCpusTheyAskForAndTheAssignmentCarriesTheRequest() throws Exception {
        scheduler = fixture.start(100);
        RecordingAgent agent = new RecordingAgent();
        long token = register("node1", 4, 8 * G, 0, agent);
        List<TaskRecord> pairs = fixture.submit(2, Language.PYTHON, Resources.of(2, 0));
        TaskRecord single = fixture.submit(1, Language.PYTHON).get(0);

        List<TaskAssignment> first = SchedulerFixture.take(agent, 2);
        assertEquals(2, first.get(0).resources().cpus());
        assertNull(agent.executed.poll(200, TimeUnit.MILLISECONDS), "4 CPUs asked for on a 4-CPU agent: nothing more fits");
        assertEquals(4, scheduler.runningCpus());
        assertEquals(2, scheduler.runningCount());
        assertEquals(4, scheduler.agents().get(0).cpusInUse());
        assertEquals("All 4 slots of the agents that run python are busy; it is next in line.", waitReason(single));

        succeed("node1", token, first.get(0));
        assertEquals(single.id(), SchedulerFixture.take(agent, 1).get(0).taskId());
        assertEquals(pairs.get(0).id(), first.get(0).taskId());
    }

    @Test
    void memoryRequestsAreKeptWithinWhatTheAgentOffers() throws Exception {
        scheduler = fixture.start(100);
        RecordingAgent agent = new RecordingAgent();
        long token = register("node1", 4, 4 * G, 0, agent);
        List<TaskRecord> tasks = fixture.submit(2, Language.PYTHON, Resources.of(1, 3 * G));
        TaskAssignment first = SchedulerFixture.take(agent, 1).get(0);
        assertEquals(3 * G, first.resources().memoryBytes());
        assertNull(agent.executed.poll(200, TimeUnit.MILLISECONDS), "3G + 3G on an agent of 4G");
        assertEquals("Needs 1 CPU and 3G of memory; the agents with 1 CPU free lack the memory (node1 has 1G free)."
                + " node1 is kept for it: no new task goes there until it has room. It is next in line.", waitReason(tasks.get(1)));
        succeed("node1", token, first);
        assertEquals(tasks.get(1).id(), SchedulerFixture.take(agent, 1).get(0).taskId());
    }

    @Test
    void anAgentThatSaysNothingOfItsMemoryTakesNoTaskThatAsksForSome() throws Exception {
        scheduler = fixture.start(100);
        RecordingAgent silent = new RecordingAgent();
        register("node1", 4, 0, 0, silent);
        fixture.submit(1, Language.PYTHON, Resources.of(1, G));
        assertNull(silent.executed.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aLargeTaskIsNotStarvedByTheSmallOnesBehindIt() throws Exception {
        scheduler = fixture.start(100);
        RecordingAgent agent = new RecordingAgent();
        long token = register("node1", 4, 8 * G, 4, agent);
        fixture.submit(4, Language.PYTHON);
        List<TaskAssignment> small = new ArrayList<>(SchedulerFixture.take(agent, 4));
        TaskRecord large = fixture.submit(1, Language.PYTHON, Resources.of(4, 0)).get(0);
        List<TaskRecord> later = fixture.submit(10, Language.PYTHON);

        assertEquals("Needs 4 CPUs; the largest free block is 0 CPUs (node1). node1 is kept for it: no new task goes there"
                + " until it has room. It is next in line.", waitReason(large));
        for (TaskAssignment t : small) {
            assertNull(agent.executed.poll(50, TimeUnit.MILLISECONDS), "a small task took room the large one waits for");
            succeed("node1", token, t);
        }
        TaskAssignment started = SchedulerFixture.take(agent, 1).get(0);
        assertEquals(large.id(), started.taskId(), "the large task starts once the agent's CPUs are free");
        // Behind it, the small ones are sent ahead again (the agent holds up to 4) and run once it ends.
        List<TaskAssignment> ahead = SchedulerFixture.take(agent, 4);
        assertEquals(later.get(0).id(), ahead.get(0).taskId());
        assertNull(agent.executed.poll(100, TimeUnit.MILLISECONDS));
        succeed("node1", token, started);
        assertEquals(4, SchedulerFixture.take(agent, 4).size());
    }

    @Test
    void theAgentKeptForALargeTaskIsTheOneWithTheMostFreeCpusAndTheOthersKeepServing() throws Exception {
        scheduler = fixture.start(100);
        RecordingAgent a = new RecordingAgent();
        RecordingAgent b = new RecordingAgent();
        long tokenA = register("a", 4, 8 * G, 0, a);
        register("b", 2, 8 * G, 0, b);
        fixture.submit(5, Language.PYTHON); // 3 on a and 2 on b, or 4 and 1: both are full but a has the most CPUs
        List<TaskAssignment> onA = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (scheduler.runningCount() < 5 || a.executed.size() + b.executed.size() + onA.size() < 5) {
            assertTrue(System.nanoTime() < deadline, "5 tasks were not placed");
            Thread.sleep(1);
        }
        a.executed.drainTo(onA);
        b.executed.clear();
        assertEquals(List.of(4, 2), scheduler.agents().stream().map(x -> x.slots()).toList());
        TaskRecord large = fixture.submit(1, Language.PYTHON, Resources.of(3, 0)).get(0);
        assertTrue(waitReason(large).contains("a is kept for it"), waitReason(large));

        TaskRecord small = fixture.submit(1, Language.PYTHON).get(0);
        succeed("a", tokenA, onA.get(0)); // a frees a CPU: kept for the large task, which still lacks room
        assertNull(a.executed.poll(100, TimeUnit.MILLISECONDS), "a small task took room kept for the large one");
        assertTrue(waitReason(small).contains("busy"), waitReason(small));
        for (TaskAssignment t : onA.subList(1, onA.size())) {
            succeed("a", tokenA, t);
        }
        assertEquals(large.id(), SchedulerFixture.take(a, 1).get(0).taskId());
        assertEquals(small.id(), SchedulerFixture.take(a, 1).get(0).taskId(), "then a serves the small one beside it");
    }

    @Test
    void aLargeTaskHeldBackByTheProcessLimitIsNotStarvedBySmallOnesEither() throws Exception {
        scheduler = fixture.start(4);
        RecordingAgent agent = new RecordingAgent();
        RecordingAgent other = new RecordingAgent();
        long token = register("node1", 8, 8 * G, 0, agent);
        fixture.submit(4, Language.PYTHON);
        List<TaskAssignment> small = SchedulerFixture.take(agent, 4);
        register("node2", 8, 8 * G, 0, other); // idle, with room for every small task but for the limit
        TaskRecord large = fixture.submit(1, Language.PYTHON, Resources.of(2, 0)).get(0);
        fixture.submit(10, Language.PYTHON);
        assertNull(other.executed.poll(100, TimeUnit.MILLISECONDS), "the limit of 4 is reached");

        succeed("node1", token, small.get(0));
        assertNull(other.executed.poll(200, TimeUnit.MILLISECONDS),
                "3 of 4 run: a small task took the room the large one waits for under the process limit");
        assertNull(agent.executed.poll(10, TimeUnit.MILLISECONDS));
        succeed("node1", token, small.get(1));
        TaskAssignment next = other.executed.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            next = SchedulerFixture.take(agent, 1).get(0);
        }
        assertEquals(large.id(), next.taskId(), "2 + 2 fit within the limit of 4");
        assertTrue(waitReason(fixture.store.find(large.id() + 1).orElseThrow()).startsWith("The process limit is reached"),
                waitReason(fixture.store.find(large.id() + 1).orElseThrow()));
    }

    @Test
    void aLargeTaskNoAgentCanRunNeverHoldsThePoolBack() throws Exception {
        scheduler = fixture.start(3); // 1 running + 3 asked for > 3: only the limit would hold it, were an agent large enough
        RecordingAgent agent = new RecordingAgent();
        long token = register("node1", 2, 8 * G, 0, agent);
        fixture.submit(2, Language.PYTHON);
        List<TaskAssignment> small = SchedulerFixture.take(agent, 2);
        fixture.submit(1, Language.PYTHON, Resources.of(3, 0)); // kept queued (--wait-for-agent): no agent has 3 CPUs
        TaskRecord later = fixture.submit(1, Language.PYTHON).get(0);
        succeed("node1", token, small.get(0));
        assertEquals(later.id(), SchedulerFixture.take(agent, 1).get(0).taskId(),
                "a task that waits for a larger agent held back one the pool can run");
    }

    @Test
    void aRestartedControllerCountsTheCpusOfATaskItsAgentClaimsAgain() throws Exception {
        scheduler = fixture.start(100);
        RecordingAgent agent = new RecordingAgent();
        register("node1", 4, 8 * G, 0, agent);
        TaskRecord large = fixture.submit(1, Language.PYTHON, Resources.of(4, 2 * G)).get(0);
        TaskAssignment running = SchedulerFixture.take(agent, 1).get(0);
        fixture.close();

        SchedulerFixture again = new SchedulerFixture(fixture.store);
        try {
            scheduler = again.start(100);
            scheduler.recover();
            RecordingAgent back = new RecordingAgent();
            scheduler.registerAgent(new AgentRegistration("node1", "host-node1", 4,
                    List.of(new RuntimeInfo(Language.PYTHON, "Python", "")), Version.PROTOCOL,
                    List.of(io.taskgrid.api.agent.HeldAttempt.of(running)), 0, null, List.of(), 8 * G), back);
            assertEquals(large.id(), running.taskId());
            assertEquals(4, scheduler.agents().get(0).cpusInUse(), "the claimed task holds its 4 CPUs again");
            assertEquals(2 * G, scheduler.agents().get(0).memoryInUse());
            again.submit(1, Language.PYTHON);
            assertNull(back.executed.poll(200, TimeUnit.MILLISECONDS), "a task was sent to an agent whose CPUs are all taken");
        } finally {
            again.close();
        }
    }

    /**
     * Property: with agents of random sizes and tasks of random requests finished in random order, no agent is ever
     * asked for more CPUs or memory than it offers, and every task runs (none starves).
     */
    @Test
    void noAgentIsEverOverItsRoomAndEveryTaskRuns() throws Exception {
        for (long seed = 1; seed <= 8; seed++) {
            runRandomPool(seed);
        }
    }

    private void runRandomPool(long seed) throws Exception {
        Random random = new Random(seed);
        SchedulerFixture f = new SchedulerFixture();
        try {
            scheduler = f.start(1000);
            Map<String, RecordingAgent> agents = new LinkedHashMap<>();
            Map<String, Long> tokens = new HashMap<>();
            Map<String, int[]> cpus = new HashMap<>();   // {offered, in use}
            Map<String, long[]> memory = new HashMap<>();
            int n = 2 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                String id = "node" + i;
                int c = 1 + random.nextInt(8);
                long m = (1 + random.nextInt(8)) * G;
                RecordingAgent agent = new RecordingAgent();
                agents.put(id, agent);
                tokens.put(id, register(id, c, m, 0, agent));
                cpus.put(id, new int[]{c, 0});
                memory.put(id, new long[]{m, 0});
            }
            int maxCpus = cpus.values().stream().mapToInt(x -> x[0]).max().orElseThrow();
            int total = 40;
            List<TaskRecord> submitted = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                int c = random.nextInt(4) == 0 ? 1 + random.nextInt(maxCpus) : 1;
                long m = random.nextInt(3) == 0 ? G : 0;
                Resources r = Resources.of(c, m);
                boolean fitsSomewhere = cpus.entrySet().stream().anyMatch(e -> e.getValue()[0] >= r.cpus()
                        && memory.get(e.getKey())[0] >= r.memoryBytes());
                if (fitsSomewhere) {
                    submitted.addAll(f.submit(1, Language.PYTHON, r));
                }
            }
            Map<Long, String> runningOn = new HashMap<>();
            Map<Long, TaskAssignment> running = new HashMap<>();
            java.util.Set<Long> started = new java.util.HashSet<>();
            while (true) {
                int expected = scheduler.runningCount();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (countStarted(agents, running, runningOn, cpus, memory, started, seed) < expected) {
                    if (System.nanoTime() > deadline) {
                        fail("seed " + seed + ": the scheduler runs " + expected + " tasks, the agents got " + running.size());
                    }
                    Thread.sleep(1);
                }
                if (running.isEmpty()) {
                    break;
                }
                List<Long> ids = new ArrayList<>(running.keySet());
                long id = ids.get(random.nextInt(ids.size()));
                TaskAssignment t = running.remove(id);
                String agent = runningOn.remove(id);
                cpus.get(agent)[1] -= t.resources().cpus();
                memory.get(agent)[1] -= t.resources().memoryBytes();
                succeed(agent, tokens.get(agent), t);
            }
            assertEquals(submitted.size(), started.size(), "seed " + seed + ": every task ran");
        } finally {
            f.close();
            scheduler = null;
        }
    }

    /** Moves the assignments each agent got into {@code running}, checking the agent's room; returns how many run. */
    private static int countStarted(Map<String, RecordingAgent> agents, Map<Long, TaskAssignment> running,
                                    Map<Long, String> runningOn, Map<String, int[]> cpus, Map<String, long[]> memory,
                                    java.util.Set<Long> started, long seed) {
        for (Map.Entry<String, RecordingAgent> e : agents.entrySet()) {
            TaskAssignment t;
            while ((t = e.getValue().executed.poll()) != null) {
                running.put(t.taskId(), t);
                runningOn.put(t.taskId(), e.getKey());
                started.add(t.taskId());
                int[] c = cpus.get(e.getKey());
                long[] m = memory.get(e.getKey());
                c[1] += t.resources().cpus();
                m[1] += t.resources().memoryBytes();
                assertTrue(c[1] <= c[0], "seed " + seed + ": " + e.getKey() + " asked for " + c[1] + " of " + c[0] + " CPUs");
                assertTrue(m[1] <= m[0], "seed " + seed + ": " + e.getKey() + " asked for more memory than it offers");
            }
        }
        return running.size();
    }
}

package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8's guarantees with real processes in separate JVMs: whatever fails, every acknowledged task ends
 * in exactly one final state. Each test prints one summary line for CI's log.
 */
class ReliabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private Jvms jvms;
    private Path shared;
    private Path data;
    private int port;
    private Grid.Cli cli;

    @BeforeEach
    void prepare() throws Exception {
        jvms = new Jvms(temp);
        shared = Files.createDirectories(temp.resolve("shared"));
        data = temp.resolve("data");
        port = Jvms.freePort();
        cli = new Grid.Cli(port, temp);
        // Each run of the program leaves one line per completed run: a task run to completion twice shows.
        Files.writeString(shared.resolve("job.sh"), String.join("\n",
                "sleep \"${1:-0.2}\"",
                "mkdir -p \"$TASKGRID_SHARED/done\"",
                "date +%s%N >> \"$TASKGRID_SHARED/done/$TASKGRID_TASK_ID\"", ""));
    }

    @AfterEach
    void stop() throws InterruptedException {
        jvms.close();
    }

    private Jvms.Jvm controller(String heartbeatTimeout) throws Exception {
        Jvms.Jvm c = jvms.launch("controller", "--port", Integer.toString(port), "--data-dir", data.toString(),
                "--shared", shared.toString(), "--max-processes", "4", "--heartbeat-timeout", heartbeatTimeout);
        c.awaitLine("listening on port " + port, 60);
        return c;
    }

    private Jvms.Jvm agent(String id) throws Exception {
        return jvms.launch("agent", "--controller", "localhost:" + port, "--slots", "2", "--shared", shared.toString(),
                "--work-dir", temp.resolve("work-" + id).toString(), "--id", id);
    }

    private void awaitAgents(int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            CliResult r = cli.run("agents", "--json");
            if (r.exitCode() == 0 && JSON.readTree(r.out()).size() == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(count + " agents did not register within 60 s: " + cli.run("agents"));
    }

    private static ClientSession session(int port, ClientCallback callback) throws Exception {
        ControllerService service = (ControllerService) LocateRegistry.getRegistry("localhost", port)
                .lookup(ControllerService.REGISTRY_NAME);
        return service.openSession(new ClientHello("reliability", ClientKind.SCRIPT, null), callback);
    }

    private static TaskSpec job(String seconds) {
        return TaskSpec.builder(ProgramSource.shared("job.sh")).arguments(List.of(seconds)).force(true).build();
    }

    /** Every task of the history, by id, once all of {@code ids} are final (or the time is up). */
    private Map<Long, JsonNode> awaitFinal(Set<Long> ids, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Map<Long, JsonNode> tasks = new HashMap<>();
        while (System.nanoTime() < deadline) {
            CliResult r = cli.run("history", "--limit", "10000", "--json");
            if (r.exitCode() == 0) {
                tasks.clear();
                for (JsonNode t : JSON.readTree(r.out())) {
                    tasks.put(t.get("id").asLong(), t);
                }
                if (ids.stream().allMatch(id -> tasks.containsKey(id)
                        && TaskState.valueOf(tasks.get(id).get("state").asText()).isFinal())) {
                    return tasks;
                }
            }
            Thread.sleep(500);
        }
        return tasks;
    }

    /** Prints the summary and returns the number of runs to completion per task id. */
    private Map<Long, Integer> summarize(String test, Set<Long> submitted, Map<Long, JsonNode> tasks) throws Exception {
        Map<TaskState, Integer> perState = new EnumMap<>(TaskState.class);
        int retried = 0;
        int lost = 0;
        Map<Long, Integer> completions = new HashMap<>();
        for (long id : submitted) {
            JsonNode t = tasks.get(id);
            if (t == null || !TaskState.valueOf(t.get("state").asText()).isFinal()) {
                lost++;
                continue;
            }
            perState.merge(TaskState.valueOf(t.get("state").asText()), 1, Integer::sum);
            if (t.get("attempt").asInt() > 1) {
                retried++;
            }
            Path done = shared.resolve("done").resolve(Long.toString(id));
            completions.put(id, Files.exists(done) ? Files.readAllLines(done).size() : 0);
        }
        long twice = completions.values().stream().filter(n -> n > 1).count();
        System.out.printf("reliability %s: submitted %d / succeeded %d / retried %d / failed %d / lost %d / run twice %d%n",
                test, submitted.size(), perState.getOrDefault(TaskState.SUCCEEDED, 0), retried,
                perState.getOrDefault(TaskState.FAILED, 0), lost, twice);
        assertEquals(0, lost, "tasks without a final state");
        return completions;
    }

    @Test
    void killingAnAgentMidRunLosesNoTaskAndRunsNoneTwice() throws Exception {
        controller("3s");
        Jvms.Jvm first = agent("agent-a");
        agent("agent-b");
        awaitAgents(2);
        ClientSession session = session(port, null);
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            specs.add(job("0.3"));
        }
        Set<Long> ids = new HashSet<>();
        for (TaskRecord r : session.submitAll(specs)) {
            assertEquals(TaskState.QUEUED, r.state(), r.toString());
            ids.add(r.id());
        }
        // Let it run a while, then kill one agent with its tasks in the middle of their runs.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && doneCount() < 20) {
            Thread.sleep(50);
        }
        first.killHard();
        // The kernel has delivered the kill (and the agent's programs their parent-death signal) by now,
        // give or take the teardown of a JVM.
        long agentDeadByNanos = (Instant.now().toEpochMilli() + 500) * 1_000_000L;

        Map<Long, JsonNode> tasks = awaitFinal(ids, 180);
        Map<Long, Integer> completions = summarize("agent killed", ids, tasks);
        for (long id : ids) {
            assertEquals("SUCCEEDED", tasks.get(id).get("state").asText(), tasks.get(id).toString());
            List<Long> ends = completionTimes(id);
            assertTrue(!ends.isEmpty(), "task " + id + " never ran to completion");
            if (ends.size() > 1) {
                // The one run twice that no system can avoid: the program ended, then its agent died before it
                // could report. A program of the dead agent finishing later (an orphan) is not excused.
                assertEquals(2, ends.size(), "task " + id + " ran to completion " + ends.size() + " times");
                assertTrue(ends.get(0) < agentDeadByNanos, "task " + id + " ran to completion again after its agent died");
                assertTrue(tasks.get(id).get("attempt").asInt() > 1, "a second run is a second attempt: " + tasks.get(id));
            }
        }
        assertTrue(ids.stream().anyMatch(id -> tasks.get(id).get("attempt").asInt() > 1),
                "the killed agent's running tasks were run again on the other agent");
        session.close();
    }

    @Test
    void theProgramsOfAKilledAgentDoNotRunOn() throws Exception {
        controller("3s");
        Jvms.Jvm doomed = agent("agent-a");
        awaitAgents(1);
        String marker = "orphan-marker-" + ProcessHandle.current().pid();
        Files.writeString(shared.resolve("long.sh"), "sleep 30 # " + marker + "\n");
        ClientSession session = session(port, null);
        long id = session.submit(TaskSpec.builder(ProgramSource.shared("long.sh")).force(true).build()).id();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains("long.sh"))) {
            Thread.sleep(20);
        }
        // The agent hands the program's group to its orphan guard right after the spawn returns. A kill inside that
        // instant is the one window the guard cannot cover (docs/reliability.md); on a loaded machine the agent's
        // thread can be off the CPU there for a while after the program shows up, so the kill waits a little.
        Thread.sleep(500);
        doomed.killHard();
        deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses()
                .anyMatch(p -> p.info().commandLine().orElse("").contains("long.sh"))) {
            Thread.sleep(20);
        }
        EndToEndIT.assertNoProcessMentions("long.sh");
        // And the controller does not leave it RUNNING for the agent that is gone.
        deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && session.task(id).state() == TaskState.RUNNING) {
            Thread.sleep(100);
        }
        TaskRecord after = session.task(id);
        System.out.printf("reliability orphan: task %d is %s after its only agent was killed (%s)%n", id, after.state(), after.message());
        assertTrue(after.state() == TaskState.QUEUED || after.state() == TaskState.FAILED, after.toString());
        session.close();
    }

    private List<Long> completionTimes(long id) throws Exception {
        Path done = shared.resolve("done").resolve(Long.toString(id));
        if (!Files.exists(done)) {
            return List.of();
        }
        return Files.readAllLines(done).stream().map(String::trim).map(Long::parseLong).sorted().toList();
    }

    private long doneCount() throws Exception {
        Path done = shared.resolve("done");
        if (!Files.isDirectory(done)) {
            return 0;
        }
        try (var files = Files.list(done)) {
            return files.count();
        }
    }

    @Test
    void killingTheControllerDuringABurstLosesNoAcknowledgedSubmission() throws Exception {
        Jvms.Jvm controller = controller("5s");
        agent("agent-a");
        agent("agent-b");
        awaitAgents(2);
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean go = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            running.add(clients.submit(() -> {
                ClientSession session = session(port, null);
                for (int i = 0; i < 250 && go.get(); i++) {
                    acknowledged.add(session.submit(job("0")).id()); // only ids the controller answered with
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && acknowledged.size() < 400) {
            Thread.sleep(5);
        }
        controller.killHard();
        go.set(false);
        for (Future<?> f : running) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                // The controller died under the client: its last submission was never acknowledged.
            }
        }
        clients.shutdown();
        Set<Long> ids = Set.copyOf(acknowledged);
        assertTrue(ids.size() >= 400, "submissions acknowledged before the kill: " + ids.size());

        controller("5s");
        awaitAgents(2); // they come back by themselves
        Map<Long, JsonNode> tasks = awaitFinal(ids, 180);
        Map<Long, Integer> completions = summarize("controller killed", ids, tasks);
        for (long id : ids) {
            assertEquals("SUCCEEDED", tasks.get(id).get("state").asText(), tasks.get(id).toString());
            assertTrue(completions.get(id) >= 1, "task " + id + " never ran");
        }
    }

    @Test
    void anAgentCutOffFromTheControllerDeliversItsResultOnceWhenItComesBack() throws Exception {
        // The pause (5 s) is longer than the heartbeat timeout (3 s): the controller must see that it was itself
        // that stood still, and not declare the agent lost for it.
        Jvms.Jvm controller = controller("3s");
        Jvms.Jvm agent = agent("agent-a");
        awaitAgents(1);
        ClientSession session = session(port, null);
        long id = session.submit(job("1")).id();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && session.task(id).state() != TaskState.RUNNING) {
            Thread.sleep(20);
        }
        session.close();
        // The controller stops answering for longer than the task takes; the task ends meanwhile.
        controller.signal("STOP");
        try {
            Thread.sleep(5_000);
        } finally {
            controller.signal("CONT");
        }
        Map<Long, JsonNode> tasks = awaitFinal(Set.of(id), 60);
        Map<Long, Integer> completions = summarize("agent cut off", Set.of(id), tasks);
        assertEquals("SUCCEEDED", tasks.get(id).get("state").asText(), tasks.get(id).toString());
        if (tasks.get(id).get("attempt").asInt() != 1 || completions.get(id) != 1) {
            // What the two said is the only trace of why: keep it in the report.
            System.out.println("controller said:\n" + controller.printedSoFar() + "\nagent said:\n" + agent.printedSoFar());
        }
        assertEquals(1, tasks.get(id).get("attempt").asInt(), "recorded once, on its first attempt");
        assertEquals(1, completions.get(id), "run once");
    }

    /**
     * A task ends while the controller is down; its agent is then stopped (kill -9, or a clean stop that cannot
     * deliver) and started again before the controller comes back: the outcome waits on the agent's disk, is
     * claimed at registration and delivered once; the task is not run again.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "agent {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"killed", "stopped"})
    void anOutcomeKeptOnTheAgentsDiskSurvivesARestartOfTheAgentAndIsDeliveredOnce(String how) throws Exception {
        // The orphan wait (heartbeat timeout) is longer than the agent's registration backoff (at most 15 s).
        Jvms.Jvm controller = controller("20s");
        Jvms.Jvm agent = agent("agent-a");
        awaitAgents(1);
        ClientSession session = session(port, null);
        long id = session.submit(job("2")).id();
        long deadline = System.nanoTime() + 30_000_000_000L;
        // RUNNING at the controller precedes the start on the agent: wait until the program runs there.
        while (System.nanoTime() < deadline && ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains("job.sh"))) {
            Thread.sleep(20);
        }
        session.close();
        controller.killHard();
        Path spool = temp.resolve("work-agent-a").resolve("outcomes");
        deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && spooled(spool) == 0) {
            Thread.sleep(50);
        }
        assertEquals(1, spooled(spool), "the outcome of the task that ended without a controller waits on the agent's disk");
        if (how.equals("killed")) {
            agent.killHard();
        } else {
            agent.signal("TERM");
            assertTrue(agent.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the agent stopped on SIGTERM");
        }
        agent("agent-a");
        controller("20s");
        Map<Long, JsonNode> tasks = awaitFinal(Set.of(id), 60);
        Map<Long, Integer> completions = summarize("agent restarted with a kept outcome (" + how + ")", Set.of(id), tasks);
        assertEquals("SUCCEEDED", tasks.get(id).get("state").asText(), tasks.get(id).toString());
        assertEquals(1, tasks.get(id).get("attempt").asInt(), "recorded once, on its first attempt");
        assertEquals(1, completions.get(id), "run once");
        JsonNode shown = JSON.readTree(cli.run("show", Long.toString(id), "--json").out());
        assertEquals(1, shown.get("attempts").size(), shown.toString());
        assertEquals("agent-a", shown.get("attempts").get(0).get("agentId").asText());
        assertEquals("SUCCEEDED", shown.get("attempts").get(0).get("state").asText());
        deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && spooled(spool) > 0) {
            Thread.sleep(50);
        }
        assertEquals(0, spooled(spool), "a delivered outcome is removed from the agent's disk");
    }

    private static long spooled(Path spool) throws Exception {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (var files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".outcome")).count();
        }
    }

    /** `taskgrid watch ID` goes on by itself through a restart of the controller and reports the task's end. */
    @Test
    void watchFollowsATaskThroughARestartOfTheController() throws Exception {
        Jvms.Jvm controller = controller("20s");
        agent("agent-a");
        awaitAgents(1);
        ClientSession session = session(port, null);
        long id = session.submit(job("6")).id();
        session.close();
        Jvms.Jvm watch = jvms.launch("watch", Long.toString(id), "--controller", "localhost:" + port);
        watch.awaitLine("task " + id + " running", 30);
        controller.killHard();
        watch.awaitLine("Lost the controller", 30);
        controller("20s");
        watch.awaitLine("Reconnected to the controller", 60);
        watch.awaitLine("task " + id + " succeeded", 60);
        assertTrue(watch.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "watch ends with the task");
        assertEquals(0, watch.process().exitValue(), "the task succeeded");
        System.out.printf("reliability watch: task %d followed through a controller restart to its end%n", id);
    }

    /** A client whose callbacks fail is dropped and disappears from `taskgrid clients`; the others go on. */
    @Test
    void aClientWhoseCallbacksFailIsDroppedAndDisappearsFromTheClients() throws Exception {
        controller("10s");
        agent("agent-a");
        awaitAgents(1);
        Listener vanishing = new Listener(false);
        ClientSession gone = session(port, (ClientCallback) UnicastRemoteObject.exportObject(vanishing, 0));
        String goneId = gone.info().clientId();
        assertTrue(clientIds().contains(goneId), "the client is listed while it answers");
        UnicastRemoteObject.unexportObject(vanishing, true); // the client vanishes without closing its session
        ClientSession other = session(port, null);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(other.submit(job("0")).id());
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && clientIds().contains(goneId)) {
            Thread.sleep(200);
        }
        Set<String> left = clientIds();
        System.out.printf("reliability vanished client: dropped %s, clients now %s%n", !left.contains(goneId), left);
        assertTrue(!left.contains(goneId), "the vanished client is no longer listed: " + left);
        Map<Long, JsonNode> tasks = awaitFinal(ids, 60);
        summarize("vanished client", ids, tasks);
        other.close();
    }

    private Set<String> clientIds() throws Exception {
        CliResult r = cli.run("clients", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        Set<String> out = new HashSet<>();
        JSON.readTree(r.out()).forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    /** Counts the events it gets; or blocks forever in its first delivery. */
    private static final class Listener implements ClientCallback {
        final Map<Long, Instant> finalSeen = new ConcurrentHashMap<>();
        final List<Long> delaysMillis = Collections.synchronizedList(new ArrayList<>());
        private final boolean blockForever;
        private final CountDownLatch never = new CountDownLatch(1);

        Listener(boolean blockForever) {
            this.blockForever = blockForever;
        }

        @Override
        public void onEvents(List<GridEvent> events) {
            if (blockForever) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            Instant now = Instant.now();
            for (GridEvent e : events) {
                delaysMillis.add(java.time.Duration.between(e.at(), now).toMillis());
                if (e instanceof TaskEvent t && t.task().state().isFinal()) {
                    finalSeen.putIfAbsent(t.task().id(), now);
                }
            }
        }

        void release() {
            never.countDown();
        }
    }

    @Test
    void aClientWhoseCallbackBlocksForeverDoesNotDelayTheOthers() throws Exception {
        controller("10s");
        agent("agent-a");
        agent("agent-b");
        awaitAgents(2);
        Listener stuck = new Listener(true);
        Listener good = new Listener(false);
        ClientSession stuckSession = session(port, (ClientCallback) UnicastRemoteObject.exportObject(stuck, 0));
        ClientSession goodSession = session(port, (ClientCallback) UnicastRemoteObject.exportObject(good, 0));
        try {
            List<TaskSpec> specs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                specs.add(job("0"));
            }
            Set<Long> ids = new HashSet<>();
            goodSession.submitAll(specs).forEach(r -> ids.add(r.id()));
            Map<Long, JsonNode> tasks = awaitFinal(ids, 120);
            summarize("blocked client", ids, tasks);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && !good.finalSeen.keySet().containsAll(ids)) {
                Thread.sleep(50);
            }
            assertTrue(good.finalSeen.keySet().containsAll(ids), "the good client saw every task end");
            List<Long> delays = new ArrayList<>(good.delaysMillis);
            Collections.sort(delays);
            long p99 = delays.get((int) Math.min(delays.size() - 1, Math.ceil(delays.size() * 0.99) - 1));
            System.out.printf("reliability blocked client: %d events at the good client, p99 delay %d ms%n", delays.size(), p99);
            assertTrue(p99 < 2_000, "events reach the good client within 2 s (p99 " + p99 + " ms)");
        } finally {
            stuck.release();
            UnicastRemoteObject.unexportObject(stuck, true);
            UnicastRemoteObject.unexportObject(good, true);
        }
    }

    @Test
    void tenClientsSubmitTwoThousandTasksTogetherAndEachEndsOnce() throws Exception {
        controller("10s");
        agent("agent-a");
        agent("agent-b");
        awaitAgents(2);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(10);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            done.add(clients.submit(() -> {
                ClientSession session = session(port, null);
                // Two batches each: 20 submissions at once still interleave; 5,000 tasks took a minute of the suite.
                for (int batch = 0; batch < 2; batch++) {
                    List<TaskSpec> specs = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        specs.add(job("0"));
                    }
                    for (TaskRecord r : session.submitAll(specs)) {
                        ids.add(r.id());
                        all.add(r.id());
                    }
                }
                session.close();
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertEquals(2_000, all.size());
        assertEquals(2_000, ids.size(), "no id given twice");
        Map<Long, JsonNode> tasks = awaitFinal(ids, 300);
        Map<Long, Integer> completions = summarize("10 clients", ids, tasks);
        Map<String, Integer> perState = new HashMap<>();
        for (long id : ids) {
            perState.merge(tasks.get(id).get("state").asText(), 1, Integer::sum);
            assertEquals(1, completions.get(id), "task " + id + " ran " + completions.get(id) + " times");
        }
        assertEquals(2_000, perState.values().stream().mapToInt(Integer::intValue).sum(), perState.toString());
        assertEquals(Map.of("SUCCEEDED", 2_000), perState);
    }
}

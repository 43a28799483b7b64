package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's chaos scenarios 3–7 (1 and 2 are in {@link ChaosIT}): paused agent and controller JVMs, a network
 * partition and a slow lossy link, full disks, and a stream of clients while an agent is killed again and again.
 * Short settings keep each bounded: heartbeat timeout 2 s, lease 4 s (the controller re-runs a silent agent's tasks
 * after lease + 1 s margin). Each test prints one "chaos …:" summary line.
 */
class Chaos2IT {
    private static final String HEARTBEAT_TIMEOUT = "2s";
    private static final String LEASE = "4s";
    /** Longer than lease + margin: the silent side's tasks are given up and run again. */
    private static final long BEYOND_THE_LEASE_MS = 7_000;

    @TempDir
    Path temp;
    private ChaosGrid grid;
    private NetworkNamespaces network;
    private final List<Path> mounts = new ArrayList<>();

    @BeforeEach
    void prepare() throws Exception {
        grid = new ChaosGrid(temp);
    }

    @AfterEach
    void stop() throws Exception {
        grid.close(); // first: a mount with programs still writing in it cannot be unmounted
        if (network != null) {
            network.close();
        }
        for (Path mount : mounts) {
            if (NetworkNamespaces.run("umount", mount.toString()).exitCode() != 0) {
                NetworkNamespaces.run("umount", "-l", mount.toString());
            }
        }
    }

    private Jvms.Jvm controller(Path data, Path shared) throws Exception {
        return grid.controller(data, shared, "--max-processes", "4", "--heartbeat-timeout", HEARTBEAT_TIMEOUT, "--lease", LEASE);
    }

    /** 3. An agent JVM stands still (SIGSTOP) with tasks running and held ahead, shorter and longer than its lease. */
    @ParameterizedTest(name = "paused {0} ms")
    @ValueSource(longs = {3_000, BEYOND_THE_LEASE_MS})
    void anAgentPausedLongerThanTheHeartbeatTimeoutRunsNoTaskTwiceAtOnce(long pauseMillis) throws Exception {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        ExecutionLog log = ExecutionLog.install(shared);
        Jvms.Jvm controller = controller(temp.resolve("data"), shared);
        Jvms.Jvm paused = grid.agent(shared, "agent-a");
        grid.agent(shared, "agent-b");
        grid.awaitAgents(2);
        // 4 run, 4 are held ahead by the agents, 2 wait in the queue.
        Set<Long> ids = grid.submit(10, "3");
        try (ExecutionLog.ProgramWatch watch = log.watchPrograms()) {
            assertTrue(log.awaitStarted(4, Duration.ofSeconds(30)), "the tasks did not start: " + log.executions());
            paused.signal("STOP");
            try {
                Thread.sleep(pauseMillis); // the deliberate pause
            } finally {
                paused.signal("CONT");
            }
            Map<Long, JsonNode> history = grid.client.awaitFinal(ids, Duration.ofSeconds(60));
            report("agent paused " + pauseMillis + " ms", ids, history, log, watch.goneAt(), List.of(),
                    Map.of("controller", controller, "agent-a", paused));
        }
    }

    /** 4. The controller JVM stands still (SIGSTOP) for longer than the lease, with tasks running and queued. */
    @Test
    void theControllerPausedLongerThanTheLeaseRunsNoTaskTwiceAtOnce() throws Exception {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        ExecutionLog log = ExecutionLog.install(shared);
        Jvms.Jvm controller = controller(temp.resolve("data"), shared);
        Jvms.Jvm agentA = grid.agent(shared, "agent-a");
        grid.agent(shared, "agent-b");
        grid.awaitAgents(2);
        Set<Long> ids = grid.submit(10, "5");
        try (ExecutionLog.ProgramWatch watch = log.watchPrograms()) {
            assertTrue(log.awaitStarted(4, Duration.ofSeconds(30)), "the tasks did not start: " + log.executions());
            controller.signal("STOP");
            try {
                Thread.sleep(BEYOND_THE_LEASE_MS); // the deliberate pause
            } finally {
                controller.signal("CONT");
            }
            Map<Long, JsonNode> history = grid.client.awaitFinal(ids, Duration.ofSeconds(60));
            report("controller paused " + BEYOND_THE_LEASE_MS + " ms", ids, history, log, watch.goneAt(), List.of(),
                    Map.of("controller", controller, "agent-a", agentA));
        }
    }

    /**
     * Prints the summary line and fails on any break of the guarantee or a task that did not succeed; then what the
     * processes in {@code said} printed goes to the test's output, the only trace of why.
     */
    private static ChaosChecker.Report report(String scenario, Set<Long> ids, Map<Long, JsonNode> history, ExecutionLog log,
                                              Map<Long, Long> goneAt, List<ChaosChecker.Kill> kills, Map<String, Jvms.Jvm> said)
            throws IOException {
        ChaosChecker.Report report = ChaosChecker.check(scenario, ids, history, log.executions(), goneAt, kills);
        System.out.println(report.summary());
        if (!report.problems().isEmpty() || report.succeeded() != ids.size()) {
            System.out.println(report.details());
            history.values().stream().filter(t -> t.get("attempt").asInt() > 1 || report.problems().stream()
                    .anyMatch(p -> p.startsWith("task " + t.get("id").asLong() + " "))).limit(20)
                    .forEach(t -> System.out.println("  history: " + t));
            said.forEach((name, jvm) -> System.out.println("--- " + name + " said:\n" + jvm.printedSoFar()));
        }
        assertTrue(report.problems().isEmpty(), report.details());
        assertEquals(ids.size(), report.succeeded(), report.details());
        return report;
    }
}

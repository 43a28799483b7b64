package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's chaos suite: real grids in separate JVMs, broken on purpose while tasks run; afterwards
 * {@link ChaosChecker} compares what the programs did with what the history says. Each test prints one
 * "chaos …:" summary line for CI's log.
 */
class ChaosIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private ChaosGrid grid;
    private Jvms jvms;
    private int port;
    private Grid.Cli cli;

    @BeforeEach
    void prepare() throws Exception {
        grid = new ChaosGrid(temp);
        jvms = grid.jvms;
        port = grid.port;
        cli = new Grid.Cli(port, temp);
    }

    @AfterEach
    void stop() throws InterruptedException {
        grid.close();
    }

    @Test
    void killingLocalWithTasksRunningAndRestartingItRunsNoTaskTwiceAtOnce() throws Exception {
        Path data = temp.resolve("data");
        ExecutionLog log = ExecutionLog.install(Files.createDirectories(data.resolve("shared")));
        Jvms.Jvm local = local(data);
        Set<Long> ids = new LinkedHashSet<>();
        // 2 agents × 2 slots: four run, four wait. The first four end after 2 s; the kill comes while the next ones
        // are being started, the moment the run-twice came from. Those run 12 s, longer than the 10 s that
        // recovered tasks wait for their agent after a restart: their next attempts still run when that time is up.
        for (int i = 0; i < 8; i++) {
            ids.add(submit(i < 4 ? "2" : "12"));
        }
        assertTrue(log.awaitStarted(6, Duration.ofSeconds(30)), "the tasks did not start: " + log.executions());
        long sent = System.currentTimeMillis();
        local.killHard();
        List<ChaosChecker.Fault> kills = List.of(new ChaosChecker.Fault(sent, System.currentTimeMillis()));
        ExecutionLog.AfterKill afterKill = log.awaitUnendedGone(Duration.ofSeconds(5));
        Map<Long, Long> goneAt = afterKill.goneAt();
        List<ExecutionLog.Execution> survivors = afterKill.survivors();

        local(data);
        ids.add(submit("1")); // a fresh task after the restart runs too, and only once
        Map<Long, JsonNode> history = awaitFinal(ids, Duration.ofSeconds(50));
        ChaosChecker.Report report = ChaosChecker.check("local killed and restarted", ids, history, log.executions(), goneAt, kills);
        System.out.println(report.summary());
        assertTrue(survivors.isEmpty(), "programs ran on after taskgrid local was killed: " + survivors + "\n" + report.details());
        assertTrue(report.problems().isEmpty(), report.details());
        assertEquals(ids.size(), report.succeeded(), report.details());
    }

    @Test
    void killingAnAgentMidRunAndRestartingItWithItsIdRunsNoTaskTwiceAtOnce() throws Exception {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        ExecutionLog log = ExecutionLog.install(shared);
        Jvms.Jvm controller = jvms.launch("controller", "--port", Integer.toString(port), "--data-dir", temp.resolve("data").toString(),
                "--shared", shared.toString(), "--max-processes", "4", "--heartbeat-timeout", "3s");
        controller.awaitLine("listening on port " + port, 60);
        Jvms.Jvm first = agent(shared, "agent-a");
        agent(shared, "agent-b");
        awaitAgents(2);
        Set<Long> ids = new LinkedHashSet<>();
        for (int i = 0; i < 8; i++) {
            ids.add(submit(shared, i < 4 ? "2" : "3"));
        }
        assertTrue(log.awaitStarted(6, Duration.ofSeconds(30)), "the tasks did not start: " + log.executions());
        long sent = System.currentTimeMillis();
        first.killHard();
        List<ChaosChecker.Fault> kills = List.of(new ChaosChecker.Fault(sent, System.currentTimeMillis()));
        ExecutionLog.AfterKill afterKill = log.awaitUnendedGone(Duration.ofSeconds(5));
        Map<Long, Long> goneAt = afterKill.goneAt();
        List<ExecutionLog.Execution> survivors = afterKill.survivors();

        agent(shared, "agent-a"); // mid-run, with its id and work folder, before the controller declared it lost
        Map<Long, JsonNode> history = awaitFinal(ids, Duration.ofSeconds(45));
        ChaosChecker.Report report = ChaosChecker.check("agent killed and restarted", ids, history, log.executions(), goneAt, kills);
        System.out.println(report.summary());
        assertTrue(survivors.isEmpty(), "programs ran on after their agent was killed: " + survivors + "\n" + report.details());
        assertTrue(report.problems().isEmpty(), report.details());
        assertEquals(ids.size(), report.succeeded(), report.details());
    }

    private Jvms.Jvm agent(Path shared, String id) throws Exception {
        return grid.agent(shared, id);
    }

    private void awaitAgents(int count) throws Exception {
        grid.awaitAgents(count);
    }

    private Jvms.Jvm local(Path data) throws Exception {
        Jvms.Jvm local = jvms.launch("local", "--port", Integer.toString(port), "--data-dir", data.toString());
        local.awaitLine("Press Ctrl-C", 60);
        return local;
    }

    private long submit(String seconds) throws Exception {
        return submit(temp.resolve("data/shared"), seconds);
    }

    private long submit(Path shared, String seconds) throws Exception {
        CliResult r = cli.run("submit", "--force", "--json", shared.resolve(ExecutionLog.PROGRAM).toString(), seconds);
        assertEquals(0, r.exitCode(), r.toString());
        return JSON.readTree(r.out()).get("id").asLong();
    }

    /**
     * Each task of {@code ids} as {@code show --json} gives it (with its attempts), once all are final or the time is up;
     * through the command line, which shows `taskgrid local` its owner's token (a plain RMI client would be refused).
     */
    private Map<Long, JsonNode> awaitFinal(Set<Long> ids, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Map<Long, JsonNode> tasks = new HashMap<>();
        while (true) {
            for (long id : ids) {
                JsonNode known = tasks.get(id);
                if (known == null || !TaskState.valueOf(known.get("state").asText()).isFinal()) {
                    CliResult r = cli.run("show", "--json", Long.toString(id));
                    if (r.exitCode() == 0) {
                        tasks.put(id, JSON.readTree(r.out()));
                    }
                }
            }
            boolean allFinal = ids.stream().allMatch(id -> tasks.containsKey(id)
                    && TaskState.valueOf(tasks.get(id).get("state").asText()).isFinal());
            if (allFinal || System.nanoTime() > deadline) {
                return tasks;
            }
            Thread.sleep(250);
        }
    }
}

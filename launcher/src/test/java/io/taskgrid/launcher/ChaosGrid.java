package io.taskgrid.launcher;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chaos suite's grid on loopback: a controller and agents as separate JVMs ({@link Jvms}) on a free port, the
 * client that submits and waits ({@link ChaosClient}), and kill -9 with what the checker needs to know about it.
 */
final class ChaosGrid implements AutoCloseable {
    final Path temp;
    final Jvms jvms;
    final int port;
    final ChaosClient client;

    ChaosGrid(Path temp) throws IOException {
        this.temp = temp;
        this.jvms = new Jvms(temp);
        this.port = Jvms.freePort();
        this.client = new ChaosClient("localhost", port);
    }

    /** A controller on {@code data} and {@code shared} with {@code settings} (e.g. --heartbeat-timeout), once it listens. */
    Jvms.Jvm controller(Path data, Path shared, String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("controller", "--port", Integer.toString(port), "--data-dir", data.toString(),
                "--shared", shared.toString()));
        args.addAll(List.of(settings));
        Jvms.Jvm controller = jvms.launch(args.toArray(String[]::new));
        controller.awaitLine("listening on port " + port, 60);
        return controller;
    }

    /**
     * An agent with 2 slots, its id and its own work folder (the same one when started again with that id); it logs at
     * INFO, so its "registered with the controller" line can be awaited.
     */
    Jvms.Jvm agent(Path shared, String id, String... settings) throws IOException {
        List<String> args = new ArrayList<>(List.of("agent", "--controller", "localhost:" + port, "--slots", "2",
                "--shared", shared.toString(), "--work-dir", temp.resolve("work-" + id).toString(), "--id", id));
        args.addAll(List.of(settings));
        return jvms.launchIn(List.of(), Map.of(), Main.class, args.toArray(String[]::new));
    }

    /** Waits until {@code count} agents are connected. */
    void awaitAgents(int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<AgentInfo> agents = List.of();
        while (System.nanoTime() < deadline) {
            ClientSession session = client.session();
            try {
                agents = session.agents();
            } finally {
                session.close();
            }
            if (agents.stream().filter(AgentInfo::connected).count() == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(count + " agents did not register within 60 s: " + agents);
    }

    /** Submits {@code count} chaos tasks with {@code arguments} in one session; the acknowledged ids. */
    Set<Long> submit(int count, String... arguments) throws Exception {
        List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(ChaosClient.task(arguments));
        }
        Set<Long> ids = new LinkedHashSet<>();
        ClientSession session = client.session();
        try {
            for (TaskRecord r : session.submitAll(specs)) {
                ids.add(r.id());
            }
        } finally {
            session.close();
        }
        return ids;
    }

    /** A kill -9 and what followed: when it was sent and done, and the killed programs (gone or survived). */
    record Killed(ChaosChecker.Fault kill, ExecutionLog.AfterKill after) {
    }

    /** kill -9 of {@code jvm}; waits up to 5 s for the programs of the runs that had not ended to be gone. */
    static Killed killHard(Jvms.Jvm jvm, ExecutionLog log) throws Exception {
        long sent = System.currentTimeMillis();
        jvm.killHard();
        ChaosChecker.Fault kill = new ChaosChecker.Fault(sent, System.currentTimeMillis());
        return new Killed(kill, log.awaitUnendedGone(Duration.ofSeconds(5)));
    }

    @Override
    public void close() throws InterruptedException {
        jvms.close();
    }
}

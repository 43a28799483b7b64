package io.taskgrid.launcher;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's lease with real JVMs: an agent whose JVM stands still (SIGSTOP, as a long pause or a frozen VM would)
 * while its program runs. Its orphan guard, outside the JVM, kills the program once the lease ran out, while the JVM is
 * still stopped; only after that does the controller run the task again on another agent, so the two runs never
 * overlap; meanwhile {@code show} says when it runs again. Heartbeat timeout 2 s, lease 4 s (margin 1 s).
 */
class LeaseIT {
    @TempDir
    Path temp;
    private Jvms jvms;
    private Path shared;
    private int port;
    private Grid.Cli cli;

    @BeforeEach
    void prepare() throws Exception {
        jvms = new Jvms(temp);
        shared = Files.createDirectories(temp.resolve("shared"));
        port = portInOurRange();
        cli = new Grid.Cli(port, temp);
        // Each run logs its start and end (host-independent: nanoseconds of the wall clock) and its pid.
        Files.writeString(shared.resolve("slow.sh"), String.join("\n",
                "echo \"start $(date +%s%N) $$ $PWD\" >> \"$TASKGRID_SHARED/runs-$TASKGRID_TASK_ID\"",
                "sleep \"$1\"",
                "echo \"end $(date +%s%N) $$\" >> \"$TASKGRID_SHARED/runs-$TASKGRID_TASK_ID\"", ""));
    }

    @AfterEach
    void stop() throws InterruptedException {
        jvms.close();
    }

    @Test
    void aStoppedAgentsProgramIsKilledByItsGuardBeforeTheTaskRunsElsewhere() throws Exception {
        Jvms.Jvm controller = jvms.launch("controller", "--port", Integer.toString(port), "--data-dir",
                temp.resolve("data").toString(), "--shared", shared.toString(), "--heartbeat-timeout", "2s", "--lease", "4s");
        controller.awaitLine("listening on port " + port, 60);
        Jvms.Jvm first = agent("agent-a");
        awaitAgents(1);
        ClientSession submitter = session();
        long id = submitter.submit(TaskSpec.builder(ProgramSource.shared("slow.sh")).arguments(List.of("20")).force(true)
                .build()).id();
        submitter.close();
        Path runs = shared.resolve("runs-" + id);
        long pid = awaitFirstRun(runs);
        agent("agent-b");
        awaitAgents(2);

        first.signal("STOP");
        long stoppedAt = System.nanoTime();
        try {
            boolean saidWhy = false;
            long programGoneAt = 0;
            while (System.nanoTime() - stoppedAt < 20_000_000_000L && (programGoneAt == 0 || !saidWhy)) {
                if (programGoneAt == 0 && !runs(pid)) {
                    programGoneAt = System.currentTimeMillis();
                    assertEquals(1, starts(runs).size(), "the task ran again before the program of the stopped agent ended: "
                            + Files.readAllLines(runs));
                }
                if (!saidWhy) {
                    String shown = cli.run("show", Long.toString(id)).out();
                    saidWhy = shown.contains("Agent agent-a has not been heard from for") && shown.contains("unless agent-a reports");
                }
                Thread.sleep(50);
            }
            assertTrue(programGoneAt > 0, "the program of the stopped agent still runs 20 s later; agent-a said:\n"
                    + first.printedSoFar() + "\ncontroller said:\n" + controller.printedSoFar());
            long tookMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
            assertTrue(saidWhy, "show never said that agent-a is silent and when the task runs again");
            assertTrue(first.process().isAlive(), "the agent's JVM is only stopped");
            System.out.printf("lease: the stopped agent's program was killed by its guard; the task ran again after"
                    + " it (%d ms after SIGSTOP)%n", tookMillis);

            // The task runs again elsewhere, after the first run ended.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (starts(runs).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<String[]> starts = starts(runs);
            assertEquals(2, starts.size(), "the task did not run again: " + Files.readAllLines(runs));
            assertTrue(starts.get(1)[3].contains("work-agent-b"), "ran again on agent-b: " + starts.get(1)[3]);
            assertTrue(Long.parseLong(starts.get(1)[1]) / 1_000_000 >= programGoneAt - 100,
                    "the second run started before the first one ended");
        } finally {
            first.signal("CONT");
        }
        // The agent comes back: it reports its attempt stopped, which the controller ignores (a later attempt runs);
        // the task ends once, on attempt 2, and its first run never reached its end.
        long deadline = System.nanoTime() + 60_000_000_000L;
        ClientSession watcher = session();
        TaskRecord t;
        try {
            while (!(t = watcher.task(id)).state().isFinal() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            watcher.close();
        }
        assertEquals(TaskState.SUCCEEDED, t.state(), t.toString());
        assertEquals(2, t.attempt());
        List<String> lines = Files.readAllLines(runs);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("end ")).count(), "one run reached its end: " + lines);
    }

    private Jvms.Jvm agent(String id) throws IOException {
        return jvms.launch("agent", "--controller", "localhost:" + port, "--slots", "1", "--shared", shared.toString(),
                "--work-dir", temp.resolve("work-" + id).toString(), "--id", id, "--queue-ahead", "0");
    }

    private ClientSession session() throws Exception {
        ControllerService service = (ControllerService) LocateRegistry.getRegistry("localhost", port)
                .lookup(ControllerService.REGISTRY_NAME);
        return service.openSession(new ClientHello("lease", ClientKind.SCRIPT, null), null);
    }

    private void awaitAgents(int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            CliResult r = cli.run("agents", "--json");
            if (r.exitCode() == 0 && new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).size() == count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(count + " agents did not register within 60 s: " + cli.run("agents"));
    }

    /**
     * Whether the process runs: a killed program whose parent (the stopped agent JVM) cannot reap it stays a zombie
     * until that JVM goes on, which {@link ProcessHandle#isAlive} still counts as alive.
     */
    private static boolean runs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    /** The pid of the first run, once it started. */
    private static long awaitFirstRun(Path runs) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<String[]> starts = starts(runs);
            if (!starts.isEmpty()) {
                return Long.parseLong(starts.get(0)[2]);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the task did not start within 60 s");
    }

    private static List<String[]> starts(Path runs) throws IOException {
        List<String[]> out = new ArrayList<>();
        if (Files.exists(runs)) {
            for (String line : Files.readAllLines(runs)) {
                if (line.startsWith("start ")) {
                    out.add(line.split(" "));
                }
            }
        }
        return out;
    }

    /** A free port in 32000-32999, the range of this suite on the shared build machine. */
    private static int portInOurRange() throws IOException {
        for (int i = 0; i < 200; i++) {
            int candidate = 32_000 + ThreadLocalRandom.current().nextInt(1_000);
            try (ServerSocket s = new ServerSocket(candidate)) {
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port in 32000-32999");
    }
}

package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's commands as separate JVMs, the way people start them. */
class ProcessesIT {
    @TempDir
    Path temp;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code taskgrid ARGS} in its own JVM with the test's class path; lines of stdout+stderr go to the queue. */
    private Process launch(Map<String, String> env, BlockingQueue<String> lines, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djdk.lang.Process.launchMechanism=VFORK",
                "io.taskgrid.launcher.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", temp.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output closed: " + e.getMessage() + ">");
            }
        }, "output-of-" + args[0]);
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static String awaitLine(BlockingQueue<String> lines, String fragment, int seconds) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.contains(fragment)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line with '" + fragment + "' within " + seconds + " s; saw:\n" + seen);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void localRunsAWholeGridUntilStoppedAndStopsCleanly() throws Exception {
        int port = freePort();
        Path data = temp.resolve("local-data");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process local = launch(Map.of(), lines, "local", "--port", Integer.toString(port), "--data-dir", data.toString());
        awaitLine(lines, "TaskGrid local is running", 60);

        Path hello = Path.of("..", "examples", "hello.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(hello), hello.toString());
        Grid.Cli cli = new Grid.Cli(port, temp);
        CliResult result = cli.run("submit", hello.toString(), "--wait");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("Hello from TaskGrid"), result.toString());
        CliResult agents = cli.run("agents", "--json");
        assertEquals(2, new com.fasterxml.jackson.databind.ObjectMapper().readTree(agents.out()).size(), agents.toString());
        assertTrue(Files.exists(data.resolve("taskgrid.db")), "the history lives in the data folder");

        // SIGTERM, as Ctrl-C would: the shutdown hook stops agents and controller. Through the handle, because
        // Process.destroy() also closes our end of its output.
        local.toHandle().destroy();
        awaitLine(lines, "Stopped.", 30);
        assertTrue(local.waitFor(30, TimeUnit.SECONDS), "local exits after stopping");
        assertEquals(3, cli.run("history").exitCode(), "the controller is gone once local stopped");
    }

    @Test
    void anAgentWaitsForAControllerThatDoesNotAnswerYetAndRegistersWhenItComes() throws Exception {
        int port = freePort();
        Path shared = Files.createDirectories(temp.resolve("shared"));
        BlockingQueue<String> agentLines = new LinkedBlockingQueue<>();
        launch(Map.of(), agentLines, "agent", "--controller", "localhost:" + port, "--slots", "1",
                "--shared", shared.toString(), "--work-dir", temp.resolve("agent").toString(), "--id", "patient-agent");
        String warning = awaitLine(agentLines, "does not answer", 30);
        assertTrue(warning.contains("localhost:" + port), warning);

        BlockingQueue<String> controllerLines = new LinkedBlockingQueue<>();
        launch(Map.of(), controllerLines, "controller", "--port", Integer.toString(port), "--data-dir", temp.resolve("data").toString(),
                "--shared", shared.toString());
        awaitLine(controllerLines, "listening on port " + port, 60);
        Grid.Cli cli = new Grid.Cli(port, temp);
        long deadline = System.nanoTime() + 40_000_000_000L;
        JsonNode agents = null;
        while (System.nanoTime() < deadline) {
            agents = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.run("agents", "--json").out());
            if (agents.size() == 1) {
                break;
            }
            Thread.sleep(250);
        }
        assertTrue(agents != null && agents.size() == 1, "the agent registered: " + agents);
        assertEquals("patient-agent", agents.get(0).get("id").asText());
    }

    @Test
    void aLanguageNoConnectedAgentRunsIsRefusedWithWhatTheyDoRun() throws Exception {
        // An agent whose PATH has only a shell: it finds sh (and the JVM's own java), not python.
        Path bin = Files.createDirectories(temp.resolve("bin-sh-only"));
        for (String tool : List.of("sh", "setsid", "kill")) {
            Path real = Path.of("/bin", tool);
            if (!Files.exists(real)) {
                real = Path.of("/usr/bin", tool);
            }
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
        int port = freePort();
        Path shared = Files.createDirectories(temp.resolve("shared"));
        BlockingQueue<String> controllerLines = new LinkedBlockingQueue<>();
        launch(Map.of(), controllerLines, "controller", "--port", Integer.toString(port), "--data-dir", temp.resolve("data").toString(),
                "--shared", shared.toString());
        awaitLine(controllerLines, "listening on port " + port, 60);
        BlockingQueue<String> agentLines = new LinkedBlockingQueue<>();
        launch(Map.of("PATH", bin.toString()), agentLines, "agent", "--controller", "localhost:" + port, "--slots", "1",
                "--shared", shared.toString(), "--work-dir", temp.resolve("agent").toString());
        Grid.Cli cli = new Grid.Cli(port, temp);
        long deadline = System.nanoTime() + 40_000_000_000L;
        while (System.nanoTime() < deadline && !cli.run("agents").out().contains("sh")) {
            Thread.sleep(250);
        }
        Path program = Files.writeString(shared.resolve("needs-python.py"), "print('hi')\n");
        CliResult result = cli.run("submit", program.toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("python"), result.toString());
        assertTrue(result.err().contains("sh"), "names what the agents do run: " + result);
    }
}

package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's commands as separate JVMs, the way people start them. */
class ProcessesIT {
    @TempDir
    Path temp;
    private Jvms jvms;

    @BeforeEach
    void startFixture() {
        jvms = new Jvms(temp);
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        jvms.close();
    }

    @Test
    void localRunsAWholeGridUntilStoppedAndStopsCleanly() throws Exception {
        int port = Jvms.freePort();
        Path data = temp.resolve("local-data");
        Jvms.Jvm local = jvms.launch("local", "--port", Integer.toString(port), "--data-dir", data.toString());
        local.awaitLine("TaskGrid local is running", 60);

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
        local.process().toHandle().destroy();
        local.awaitLine("Stopped.", 30);
        assertTrue(local.process().waitFor(30, TimeUnit.SECONDS), "local exits after stopping");
        assertEquals(3, cli.run("history").exitCode(), "the controller is gone once local stopped");
    }

    @Test
    void anAgentWaitsForAControllerThatDoesNotAnswerYetAndRegistersWhenItComes() throws Exception {
        int port = Jvms.freePort();
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Jvms.Jvm agent = jvms.launch("agent", "--controller", "localhost:" + port, "--slots", "1",
                "--shared", shared.toString(), "--work-dir", temp.resolve("agent").toString(), "--id", "patient-agent");
        String warning = agent.awaitLine("does not answer", 30);
        assertTrue(warning.contains("localhost:" + port), warning);

        jvms.launch("controller", "--port", Integer.toString(port), "--data-dir", temp.resolve("data").toString(),
                "--shared", shared.toString()).awaitLine("listening on port " + port, 60);
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
        int port = Jvms.freePort();
        Path shared = Files.createDirectories(temp.resolve("shared"));
        jvms.launch("controller", "--port", Integer.toString(port), "--data-dir", temp.resolve("data").toString(),
                "--shared", shared.toString()).awaitLine("listening on port " + port, 60);
        jvms.launch(Map.of("PATH", bin.toString()), "agent", "--controller", "localhost:" + port, "--slots", "1",
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

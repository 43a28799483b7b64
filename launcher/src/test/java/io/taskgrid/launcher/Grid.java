package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgrid.agent.AgentConfig;
import io.taskgrid.agent.AgentServer;
import io.taskgrid.console.ConsoleEnvironment;
import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.ControllerServer;
import io.taskgrid.controller.mail.MailSettings;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real grid on loopback for end-to-end tests: a controller on a free port with its SQLite file, agents
 * exported over RMI, and the real command line run in this JVM with its output captured.
 */
final class Grid implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    final Path shared;
    final Path data;
    private final int maxProcesses;
    private MailSettings mail;
    private ControllerServer controller;
    private int port;
    private final List<AgentServer> agents = new ArrayList<>();

    private Grid(Path root, int maxProcesses) throws IOException {
        this.root = root;
        this.shared = Files.createDirectories(root.resolve("shared"));
        this.data = Files.createDirectories(root.resolve("data"));
        this.maxProcesses = maxProcesses;
    }

    /** A controller with {@code maxProcesses} and one registered agent per entry of {@code slots}. */
    static Grid start(Path root, int maxProcesses, int... slots) throws Exception {
        Grid grid = new Grid(root, maxProcesses);
        grid.startController(0);
        for (int s : slots) {
            grid.addAgent(s);
        }
        return grid;
    }

    /** Like {@link #start(Path, int, int...)}, with reports by mail sent this way. */
    static Grid startWithMail(Path root, MailSettings mail, int maxProcesses, int... slots) throws Exception {
        Grid grid = new Grid(root, maxProcesses);
        grid.mail = mail;
        grid.startController(0);
        for (int s : slots) {
            grid.addAgent(s);
        }
        return grid;
    }

    private void startController(int wantedPort) {
        controller = ControllerServer.start(new ControllerConfig(wantedPort, data, shared, maxProcesses, null,
                Duration.ofSeconds(5), mail));
        port = controller.port();
    }

    AgentServer addAgent(int slots) throws Exception {
        return addAgent(slots, new String[0]);
    }

    /** An agent with these labels ({@code taskgrid agent --label}). */
    AgentServer addAgent(int slots, String... labels) throws Exception {
        Path work = Files.createDirectories(root.resolve("agent-" + (agents.size() + 1)));
        AgentConfig defaults = AgentConfig.defaults("localhost", port, shared, work);
        AgentServer agent = AgentServer.start(new AgentConfig("localhost", port, slots, shared, work, null, 0,
                Duration.ofMillis(500), defaults.maxOutputBytes()).withLabels(List.of(labels)));
        agents.add(agent);
        if (!agent.awaitRegistered(Duration.ofSeconds(20))) {
            throw new AssertionError("agent " + agent.agentId() + " did not register within 20 s");
        }
        return agent;
    }

    List<AgentServer> agents() {
        return List.copyOf(agents);
    }

    int port() {
        return port;
    }

    ControllerServer controller() {
        return controller;
    }

    /** Stops the controller and starts a new one on the same port and data folder. */
    void restartController() {
        controller.close();
        startController(port);
    }

    void stopController() {
        controller.close();
    }

    /** Runs {@code taskgrid ARGS} against this grid, as a user would type it. */
    CliResult run(String... args) {
        return new Cli(port, root).run(args);
    }

    /** The real command line, run in this JVM against a controller on a loopback port. */
    record Cli(int port, Path home) {
        CliResult run(String... args) {
            return run(new StringWriter(), new StringWriter(), args);
        }

        /** Same, printing into {@code out} and {@code err}, which another thread may read while it runs. */
        CliResult run(StringWriter out, StringWriter err, String... args) {
            Map<String, String> variables = Map.of("TASKGRID_CONTROLLER", "localhost:" + port);
            ConsoleEnvironment env = new ConsoleEnvironment(new PrintWriter(out, true), new PrintWriter(err, true),
                    variables, false, ConsoleEnvironment.system().connector());
            int code = Main.commandLine(env, new ServerEnvironment(variables, home.toString())).execute(args);
            return new CliResult(code, out.toString(), err.toString());
        }
    }

    /** Runs a command with {@code --json} appended and parses its output. */
    JsonNode json(String... args) {
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        CliResult result = run(withJson);
        try {
            return JSON.readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result, e);
        }
    }

    /** Writes a program into the shared folder and returns its absolute path. */
    Path sharedFile(String relative, String content) {
        try {
            Path file = shared.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = agents.size() - 1; i >= 0; i--) {
            agents.get(i).close();
        }
        if (controller != null) {
            controller.close();
        }
    }
}

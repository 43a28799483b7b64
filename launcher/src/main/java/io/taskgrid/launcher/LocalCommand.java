package io.taskgrid.launcher;

import io.taskgrid.agent.AgentConfig;
import io.taskgrid.agent.AgentServer;
import io.taskgrid.api.ControllerService;
import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.ControllerServer;
import io.taskgrid.agent.CallerPolicy;
import io.taskgrid.controller.ControllerSecurity;
import io.taskgrid.policy.transport.RmiTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs a whole grid on this machine: a controller and agents in one process, until Ctrl-C.",
                "Example: taskgrid local --agents 2 --slots 2"})
final class LocalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--agents", paramLabel = "N", description = "Agents to start (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int agents;

    @Option(names = "--slots", paramLabel = "N", description = "Slots per agent (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int slots;

    @Option(names = "--port", description = "Controller port (default: ${DEFAULT-VALUE}).", defaultValue = "1099")
    int port = ControllerService.DEFAULT_PORT;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder for the history, the shared folder and the agents' work folders (default: ~/.local/share/taskgrid).")
    Path dataDir;

    @Option(names = "--max-processes", paramLabel = "N", description = "Most tasks running at once (default: agents × slots).")
    Integer maxProcesses;

    @Option(names = "--gui", description = "Also open the desktop client.")
    boolean gui;

    private final ServerEnvironment environment;

    LocalCommand(ServerEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServerOptions options = new ServerOptions(spec);
        options.requirePositive(agents, "--agents");
        options.requirePositive(slots, "--slots");
        options.requirePort(port, "--port");
        int limit = maxProcesses != null ? maxProcesses : agents * slots;
        options.requirePositive(limit, "--max-processes");
        Path data = options.createFolder(dataDir != null ? dataDir : environment.defaultDataDir(), "--data-dir");
        Path shared = options.createFolder(data.resolve("shared"), "--data-dir");
        if (gui) {
            out.println("The desktop client is not part of this build yet; running without a window.");
        }

        // One command, no set-up: loopback only and without log-in (the rule files still apply and can be edited).
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        RmiTransport transport = RmiTransport.loopback();
        ControllerSecurity security = new ControllerSecurity(
                RuleFiles.open(data.resolve("clients.rules"), true, List.of(), "--data-dir", spec),
                RuleFiles.open(data.resolve("agents.rules"), true, List.of(), "--data-dir", spec), null, transport);
        ServerLifetime lifetime = new ServerLifetime(out);
        ControllerConfig defaults = ControllerConfig.defaults(data, shared);
        ControllerServer controller = ControllerServer.start(new ControllerConfig(port, data, shared, limit,
                defaults.defaultTimeout(), defaults.heartbeatTimeout()), security);
        lifetime.add(controller);
        List<String> agentIds = new ArrayList<>();
        try {
            for (int i = 1; i <= agents; i++) {
                Path work = options.createFolder(data.resolve("agents").resolve("agent-" + i), "--data-dir");
                AgentConfig agentDefaults = AgentConfig.defaults("localhost", controller.port(), shared, work);
                AgentServer agent = AgentServer.start(new AgentConfig("localhost", controller.port(), slots, shared, work, null, 0,
                        agentDefaults.heartbeatInterval(), agentDefaults.maxOutputBytes()), CallerPolicy.allowAll(), transport, Clock.systemUTC());
                lifetime.add(agent);
                agentIds.add(agent.agentId());
            }
            for (AutoCloseable started : lifetime.started()) {
                if (started instanceof AgentServer agent && !agent.awaitRegistered(Duration.ofSeconds(10))) {
                    out.printf("Agent %s has not registered yet; it keeps trying.%n", agent.agentId());
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            lifetime.stop();
            throw e;
        }

        out.println("TaskGrid local is running.");
        out.printf("  controller     localhost:%d%n", controller.port());
        out.printf("  agents         %d × %d slots: %s%n", agents, slots, String.join(", ", agentIds));
        out.printf("  max processes  %d%n", limit);
        out.printf("  data folder    %s%n", data.toAbsolutePath());
        out.printf("  shared folder  %s%n", shared.toAbsolutePath());
        out.printf("  history        %s%n", controller.databasePath());
        out.println("  access         this machine only (127.0.0.1), no log-in; for other machines see docs/deploy.md");
        out.println("From another terminal:  bin/taskgrid submit examples/hello.py --wait");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }
}

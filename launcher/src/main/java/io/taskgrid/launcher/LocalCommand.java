package io.taskgrid.launcher;

import io.taskgrid.agent.AgentConfig;
import io.taskgrid.agent.AgentServer;
import io.taskgrid.api.ControllerService;
import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.ControllerServer;
import io.taskgrid.agent.CallerPolicy;
import io.taskgrid.controller.ControllerSecurity;
import io.taskgrid.controller.mail.MailSettings;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.fx.DesktopClient;
import io.taskgrid.fx.DesktopOptions;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.OwnerToken;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs a whole grid on this machine: a controller and agents in one process, until Ctrl-C.",
                "Reports by mail go to DATA-DIR/outbox as .eml files unless an SMTP server is given (options or --config file).",
                "Example: taskgrid local --agents 2 --slots 2"})
final class LocalCommand implements Callable<Integer> {
    static final Set<String> KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("agents", "slots", "port", "data-dir", "max-processes"));
        keys.addAll(MailOptions.KEYS);
        keys.addAll(LogOptions.KEYS);
        keys.addAll(MetricsOptions.KEYS);
        KEYS = Set.copyOf(keys);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key = value lines; keys are the option names without --).")
    Path config;

    @Option(names = "--agents", paramLabel = "N", description = "Agents to start (default: 2).")
    Integer agentsOption;

    @Option(names = "--slots", paramLabel = "N", description = "Slots per agent (default: 2).")
    Integer slotsOption;

    @Option(names = "--port", paramLabel = "PORT", description = "Controller port (default: 1099).")
    Integer portOption;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder for the history, the shared folder and the agents' work folders (default: ~/.local/share/taskgrid).")
    Path dataDir;

    @Option(names = "--max-processes", paramLabel = "N", description = "Most tasks running at once (default: agents × slots).")
    Integer maxProcesses;

    @Option(names = "--gui", description = "Also open the desktop client in this process; closing it stops the grid.")
    boolean gui;

    @Mixin
    MailOptions mail = new MailOptions();

    @Mixin
    LogOptions log = new LogOptions();

    /** The controller's metrics (its view of the agents included); the agents in this process serve none of their own. */
    @Mixin
    MetricsOptions metrics = new MetricsOptions();

    private final ServerEnvironment environment;

    LocalCommand(ServerEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServerOptions options = new ServerOptions(spec);
        ConfigFile file = options.config(config, KEYS);
        log.apply(file, options, spec);
        int agents = ControllerCommand.first(agentsOption, options.fromFile(() -> file.integer("agents")), 2);
        int slots = ControllerCommand.first(slotsOption, options.fromFile(() -> file.integer("slots")), 2);
        int chosenPort = ControllerCommand.first(portOption, options.fromFile(() -> file.integer("port")), ControllerService.DEFAULT_PORT);
        options.requirePositive(agents, "--agents");
        options.requirePositive(slots, "--slots");
        options.requirePort(chosenPort, "--port");
        // The owner's token is named by the port, so "any free port" is chosen here, before the token is written.
        int port = chosenPort == 0 ? freePort() : chosenPort;
        int limit = ControllerCommand.first(maxProcesses, options.fromFile(() -> file.integer("max-processes")), agents * slots);
        options.requirePositive(limit, "--max-processes");
        MailSettings mailSettings = options.fromFile(() -> mail.settings(file, environment));
        Path data = options.createFolder(ControllerCommand.first(dataDir, file.path("data-dir"), environment.defaultDataDir()), "--data-dir");
        Path shared = options.createFolder(data.resolve("shared"), "--data-dir");
        boolean window = gui && environment.hasDisplay();
        if (gui && !window) {
            out.println("No display here (neither DISPLAY nor WAYLAND_DISPLAY is set); running without the window.");
        }

        // One command, no set-up: loopback only and without log-in (the rule files still apply and can be edited),
        // for the processes of the user who started it only: they show the token only that user can read.
        environment.advertise(ServerEnvironment.LOOPBACK);
        RmiTransport transport = RmiTransport.loopback();
        ServerLifetime lifetime = new ServerLifetime(out);
        OwnerToken owner = OwnerToken.generate(environment.ownerTokenFile(port));
        ControllerSecurity security = new ControllerSecurity(
                RuleFiles.open(data.resolve("clients.rules"), true, List.of(), "--data-dir", spec),
                RuleFiles.open(data.resolve("agents.rules"), true, List.of(), "--data-dir", spec), null, transport, owner);
        ControllerConfig defaults = ControllerConfig.defaults(data, shared);
        ControllerConfig controllerConfig;
        try {
            controllerConfig = new ControllerConfig(port, data, shared, limit, defaults.defaultTimeout(), defaults.heartbeatTimeout(),
                    mailSettings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ControllerServer controller = Starting.controller(spec, controllerConfig, security);
        owner.publish(); // only now that this grid holds the port: the token is named by it
        lifetime.add(owner::delete);
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
        out.printf("  mail reports   %s%n", controller.mailDestination());
        out.println("  access         you, on this machine only: no log-in, your commands show the token");
        out.printf("                 in %s; for other machines see docs/deploy.md%n", owner.file());
        MetricsEndpoint endpoint = metrics.start(file, options, spec, () -> controller.metrics()::scrape, out);
        if (endpoint != null) {
            lifetime.add(endpoint);
        }
        if (window) {
            out.println("The desktop client is open; closing its window stops TaskGrid local.");
            out.flush();
            DesktopClient.run(DesktopOptions.of(new ControllerAddress("localhost", controller.port())));
            lifetime.stop();
            return 0;
        }
        out.println("From another terminal:  bin/taskgrid submit examples/hello.py --wait");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }

    private int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot find a free port (" + e.getMessage() + "); give one with --port.");
        }
    }
}

package io.taskgrid.launcher;

import io.taskgrid.api.ControllerService;
import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.ControllerServer;
import io.taskgrid.controller.ControllerSecurity;
import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "controller", mixinStandardHelpOptions = true,
        description = {"Runs the controller: the queue, the scheduler and the history.",
                "Example: taskgrid controller --port 1099 --data-dir /var/lib/taskgrid --shared /mnt/shared --max-processes 16"})
final class ControllerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "RMI registry and service port (default: ${DEFAULT-VALUE}).", defaultValue = "1099")
    int port = ControllerService.DEFAULT_PORT;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the SQLite history (default: the user data folder, ~/.local/share/taskgrid).")
    Path dataDir;

    @Option(names = "--shared", paramLabel = "DIR", description = "The shared folder agents read programs and data from and write results to (default: DATA-DIR/shared).")
    Path shared;

    @Option(names = "--max-processes", paramLabel = "N", description = "Most tasks running at once over all agents (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int maxProcesses;

    @Option(names = "--default-timeout", paramLabel = "DURATION", description = "Time limit of tasks that set none, e.g. 1h (default: none).")
    String defaultTimeout;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", description = "Silence after which an agent is declared lost (default: ${DEFAULT-VALUE}).", defaultValue = "10s")
    String heartbeatTimeout;

    @Option(names = "--advertise", paramLabel = "HOST", description = "Host name or address peers use to call back this process (java.rmi.server.hostname).")
    String advertise;

    @Option(names = "--clients-rules", paramLabel = "FILE", description = "Address rules for clients (default: DATA-DIR/clients.rules, written with loopback only on first start).")
    Path clientsRules;

    @Option(names = "--agents-rules", paramLabel = "FILE", description = "Address rules for agents (default: DATA-DIR/agents.rules, written with loopback only on first start).")
    Path agentsRules;

    @Option(names = "--users", paramLabel = "FILE", description = "The users file clients log in against (default: DATA-DIR/users; manage it with `taskgrid user`).")
    Path users;

    @Mixin
    TlsOptions tls = new TlsOptions();

    private final ServerEnvironment environment;

    ControllerCommand(ServerEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        environment.advertise(advertise);
        Path data = dataDir != null ? dataDir : environment.defaultDataDir();
        Path sharedRoot = shared != null ? shared : data.resolve("shared");
        ServerOptions options = new ServerOptions(spec);
        options.requirePositive(maxProcesses, "--max-processes");
        options.requirePort(port, "--port");
        options.createFolder(data, "--data-dir");
        options.createFolder(sharedRoot, "--shared");
        RmiTransport transport = Transports.forServer(tls, environment, spec, advertise);
        RuleFile clients = RuleFiles.open(clientsRules != null ? clientsRules : data.resolve("clients.rules"), clientsRules == null,
                List.of(), "--clients-rules", spec);
        RuleFile agentRules = RuleFiles.open(agentsRules != null ? agentsRules : data.resolve("agents.rules"), agentsRules == null,
                List.of(), "--agents-rules", spec);
        UserStore userStore = Logins.store(users != null ? users : data.resolve(Logins.USERS_FILE), spec);
        boolean login = Logins.required(userStore, transport, spec);
        ControllerSecurity security = new ControllerSecurity(clients, agentRules, login ? userStore : null, transport);
        ControllerConfig config = new ControllerConfig(port, data, sharedRoot, maxProcesses,
                defaultTimeout == null ? null : options.duration(defaultTimeout, "--default-timeout"),
                options.duration(heartbeatTimeout, "--heartbeat-timeout"));
        ServerLifetime lifetime = new ServerLifetime(out);
        ControllerServer controller = ControllerServer.start(config, security);
        lifetime.add(controller);
        out.printf("TaskGrid controller listening on port %d.%n", controller.port());
        out.printf("  history        %s%n", controller.databasePath());
        out.printf("  shared folder  %s%n", sharedRoot.toAbsolutePath());
        out.printf("  max processes  %d%n", maxProcesses);
        out.printf("  transport      %s%n", transport);
        out.printf("  clients rules  %s%n", clients.file().toAbsolutePath());
        out.printf("  agents rules   %s%n", agentRules.file().toAbsolutePath());
        out.printf("  log-in         %s%n", login ? "required (" + userStore.file().toAbsolutePath() + ")"
                : "off: nobody is in " + userStore.file().toAbsolutePath() + " and only this machine can connect");
        out.println("Press Ctrl-C to stop.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }
}

package io.taskgrid.launcher;

import io.taskgrid.api.ControllerService;
import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.ControllerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
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
        ControllerConfig config = new ControllerConfig(port, data, sharedRoot, maxProcesses,
                defaultTimeout == null ? null : options.duration(defaultTimeout, "--default-timeout"),
                options.duration(heartbeatTimeout, "--heartbeat-timeout"));
        ServerLifetime lifetime = new ServerLifetime(out);
        ControllerServer controller = ControllerServer.start(config);
        lifetime.add(controller);
        out.printf("TaskGrid controller listening on port %d.%n", controller.port());
        out.printf("  history        %s%n", controller.databasePath());
        out.printf("  shared folder  %s%n", sharedRoot.toAbsolutePath());
        out.printf("  max processes  %d%n", maxProcesses);
        out.println("Press Ctrl-C to stop.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }
}

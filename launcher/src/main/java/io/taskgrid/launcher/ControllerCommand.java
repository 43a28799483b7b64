package io.taskgrid.launcher;

import io.taskgrid.api.ControllerService;
import io.taskgrid.controller.ControllerConfig;
import io.taskgrid.controller.scheduling.FairShare;
import io.taskgrid.controller.ControllerServer;
import io.taskgrid.controller.ControllerSecurity;
import io.taskgrid.controller.TaskPrivacy;
import io.taskgrid.controller.mail.MailSettings;
import io.taskgrid.controller.retention.Retention;
import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.transport.PeerRole;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "controller", mixinStandardHelpOptions = true,
        description = {"Runs the controller: the queue, the scheduler, the history and the reports by mail.",
                "Settings come from the options, then from the --config file (key = value, keys are the option names without --), then the defaults.",
                "Example: taskgrid controller --port 1099 --data-dir /var/lib/taskgrid --shared /mnt/shared --max-processes 16"})
final class ControllerCommand implements Callable<Integer> {
    static final Set<String> KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("port", "data-dir", "shared", "max-processes", "default-timeout",
                "heartbeat-timeout", "lease", "fair-share-half-life", "keep-days", "keep-tasks", "delete-results", "advertise", "clients-rules", "agents-rules", "users", "task-privacy"));
        keys.addAll(MailOptions.KEYS);
        keys.addAll(TlsOptions.KEYS);
        keys.addAll(LogOptions.KEYS);
        keys.addAll(MetricsOptions.KEYS);
        KEYS = Set.copyOf(keys);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key = value lines, e.g. smtp-host = mail.example.org).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "RMI registry and service port (default: 1099).")
    Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of the SQLite history and the mail outbox (default: the user data folder, ~/.local/share/taskgrid).")
    Path dataDir;

    @Option(names = "--shared", paramLabel = "DIR", description = "The shared folder agents read programs and data from and write results to (default: DATA-DIR/shared).")
    Path shared;

    @Option(names = "--max-processes", paramLabel = "N", description = "Most tasks running at once over all agents (default: 8).")
    Integer maxProcesses;

    @Option(names = "--default-timeout", paramLabel = "DURATION", description = "Time limit of tasks that set none, e.g. 1h (default: none).")
    String defaultTimeout;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", description = "Silence after which an agent is declared lost (default: 10s).")
    String heartbeatTimeout;

    @Option(names = "--lease", paramLabel = "DURATION", description = "How long a silent agent's running tasks stay its own"
            + " before they run again elsewhere; the agent stops them itself after this long without the controller"
            + " (default: three heartbeat timeouts, 30s).")
    String lease;

    @Option(names = "--fair-share-half-life", paramLabel = "DURATION", description = "Among tasks of equal priority,"
            + " the user with the least recent CPU use goes first; a CPU-second counts half after this long, e.g. 12h"
            + " (default: 1d); off puts tasks of equal priority in the order they came.")
    String fairShareHalfLife;

    @Option(names = "--keep-days", paramLabel = "N|off", description = "The history keeps an ended task this many days"
            + " after it ended, then deletes it in the background (default: " + Retention.DEFAULT_KEEP_DAYS + "); off keeps them"
            + " however old. Tasks still queued or running are never deleted.")
    String keepDays;

    @Option(names = "--keep-tasks", paramLabel = "N|off", description = "The history keeps at most the newest N tasks,"
            + " deleting older ended ones in the background (default: " + Retention.DEFAULT_KEEP_TASKS + "); off: no limit.")
    String keepTasks;

    @Option(names = "--delete-results", description = "Delete a task's result folder (results/<project>/<id> on the shared"
            + " folder) when the history deletes the task (default: result folders stay).")
    Boolean deleteResults;

    @Option(names = "--advertise", paramLabel = "HOST", description = "Host name or address peers use to call back this process (java.rmi.server.hostname).")
    String advertise;

    @Mixin
    MailOptions mail = new MailOptions();

    @Option(names = "--clients-rules", paramLabel = "FILE", description = "Address rules for clients (default: DATA-DIR/clients.rules, written with loopback only on first start).")
    Path clientsRules;

    @Option(names = "--agents-rules", paramLabel = "FILE", description = "Address rules for agents (default: DATA-DIR/agents.rules, written with loopback only on first start).")
    Path agentsRules;

    @Option(names = "--users", paramLabel = "FILE", description = "The users file clients log in against (default: DATA-DIR/users; manage it with `taskgrid user`).")
    Path users;

    @Option(names = "--task-privacy", paramLabel = "owner|everyone", description = "Who sees a task's output and result"
            + " folder: its owner and administrators (owner, the default) or every logged-in user (everyone)."
            + " Cancelling is always the owner's or an administrator's.")
    String taskPrivacy;

    @Mixin
    TlsOptions tls = new TlsOptions();

    @Mixin
    LogOptions log = new LogOptions();
    MetricsOptions metrics = new MetricsOptions();

    private final ServerEnvironment environment;

    ControllerCommand(ServerEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServerOptions options = new ServerOptions(spec);
        ConfigFile file = options.config(config, KEYS);
        log.apply(file, options, spec);
        String advertised = advertise != null ? advertise : file.string("advertise");
        environment.advertise(advertised);
        Path data = first(dataDir, file.path("data-dir"), environment.defaultDataDir());
        Path sharedRoot = first(shared, file.path("shared"), data.resolve("shared"));
        int processes = first(maxProcesses, options.fromFile(() -> file.integer("max-processes")), ControllerConfig.DEFAULT_MAX_PROCESSES);
        int listenOn = first(port, options.fromFile(() -> file.integer("port")), ControllerService.DEFAULT_PORT);
        options.requirePositive(processes, "--max-processes");
        options.requirePort(listenOn, "--port");
        Duration timeout = defaultTimeout != null ? options.duration(defaultTimeout, "--default-timeout")
                : options.fromFile(() -> file.duration("default-timeout"));
        Duration heartbeat = heartbeatTimeout != null ? options.duration(heartbeatTimeout, "--heartbeat-timeout")
                : first(options.fromFile(() -> file.duration("heartbeat-timeout")), null, ControllerConfig.DEFAULT_HEARTBEAT_TIMEOUT);
        Duration leaseTime = lease != null ? options.duration(lease, "--lease") : options.fromFile(() -> file.duration("lease"));
        String halfLife = fairShareHalfLife != null ? fairShareHalfLife : file.string("fair-share-half-life");
        FairShare fairShare = halfLife == null ? FairShare.DEFAULT
                : halfLife.trim().equalsIgnoreCase("off") ? FairShare.OFF : fairShare(options.duration(halfLife.trim(), "--fair-share-half-life"));
        Retention retention = retention(file, options);
        MailSettings mailSettings = options.fromFile(() -> mail.settings(file, environment));
        options.createFolder(data, "--data-dir");
        options.createFolder(sharedRoot, "--shared");
        ControllerConfig controllerConfig;
        try {
            String privacy = taskPrivacy != null ? taskPrivacy : file.string("task-privacy");
            controllerConfig = new ControllerConfig(listenOn, data, sharedRoot, processes, timeout, heartbeat, mailSettings)
                    .withTaskPrivacy(privacy == null ? TaskPrivacy.OWNER : TaskPrivacy.parse(privacy)).withLease(leaseTime).withFairShare(fairShare)
                    .withRetention(retention);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        RmiTransport transport = Transports.forServer(tls.over(file, options), environment, spec, advertised, PeerRole.CONTROLLER);
        Path clientsFile = first(clientsRules, file.path("clients-rules"), null);
        Path agentsFile = first(agentsRules, file.path("agents-rules"), null);
        Path usersFile = first(users, file.path("users"), data.resolve(Logins.USERS_FILE));
        RuleFile clients = RuleFiles.open(clientsFile != null ? clientsFile : data.resolve("clients.rules"), clientsFile == null,
                List.of(), "--clients-rules", spec);
        RuleFile agentRules = RuleFiles.open(agentsFile != null ? agentsFile : data.resolve("agents.rules"), agentsFile == null,
                List.of(), "--agents-rules", spec);
        UserStore userStore = Logins.store(usersFile, spec);
        boolean login = Logins.required(userStore, transport, spec);
        ControllerSecurity security = new ControllerSecurity(clients, agentRules, login ? userStore : null, transport);
        ServerLifetime lifetime = new ServerLifetime(out);
        ControllerServer controller = Starting.controller(spec, controllerConfig, security);
        lifetime.add(controller);
        out.printf("TaskGrid controller listening on port %d.%n", controller.port());
        out.printf("  history        %s%n", controller.databasePath());
        out.printf("  shared folder  %s%n", sharedRoot.toAbsolutePath());
        out.printf("  max processes  %d%n", processes);
        out.printf("  mail reports   %s%n", controller.mailDestination());
        out.printf("  history keeps  %s%n", retention.describe());
        out.printf("  transport      %s%n", transport);
        out.printf("  clients rules  %s%n", clients.file().toAbsolutePath());
        out.printf("  agents rules   %s%n", agentRules.file().toAbsolutePath());
        out.printf("  log-in         %s%n", login ? "required (" + userStore.file().toAbsolutePath() + ")"
                : "off: nobody is in " + userStore.file().toAbsolutePath() + " and only this machine can connect");
        MetricsEndpoint endpoint = metrics.start(file, options, spec, () -> controller.metrics()::scrape, out);
        if (endpoint != null) {
            lifetime.add(endpoint); // closed before the controller (last started, first closed)
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }

    @SafeVarargs
    static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private Retention retention(ConfigFile file, ServerOptions options) {
        Long days = keepDays != null ? limit(keepDays, "--keep-days")
                : options.fromFile(() -> file.parsed("keep-days", v -> keepLimit(v, Retention.DEFAULT_KEEP_DAYS, MAX_KEEP_DAYS)));
        Long tasks = keepTasks != null ? limit(keepTasks, "--keep-tasks")
                : options.fromFile(() -> file.parsed("keep-tasks", v -> keepLimit(v, Retention.DEFAULT_KEEP_TASKS, MAX_KEEP_TASKS)));
        Boolean results = deleteResults != null ? deleteResults : options.fromFile(() -> file.flag("delete-results"));
        try {
            return new Retention(days == null ? Retention.DEFAULT.keepFor() : days == OFF ? null : Duration.ofDays(days),
                    tasks == null ? Retention.DEFAULT.keepTasks() : tasks == OFF ? null : tasks, results != null && results);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** What {@link #keepLimit} answers for "off". */
    private static final long OFF = -1;
    private static final long MAX_KEEP_DAYS = 1_000_000;
    private static final long MAX_KEEP_TASKS = 1_000_000_000_000L;

    private Long limit(String value, String option) {
        try {
            return option.equals("--keep-days") ? keepLimit(value, Retention.DEFAULT_KEEP_DAYS, MAX_KEEP_DAYS)
                    : keepLimit(value, Retention.DEFAULT_KEEP_TASKS, MAX_KEEP_TASKS);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " " + e.getMessage());
        }
    }

    /** A whole number of 1 or more, or off ({@link #OFF}). */
    static long keepLimit(String value, long example, long max) {
        String v = value.trim();
        if (v.equalsIgnoreCase("off")) {
            return OFF;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number of 1 or more, or off, not '" + value + "' (e.g. " + example + ").");
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("must be from 1 to " + max + ", or off, not " + n + ".");
        }
        return n;
    }

    private FairShare fairShare(Duration halfLife) {
        try {
            return new FairShare(halfLife);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}

package io.taskgrid.launcher;

import io.taskgrid.agent.AgentConfig;
import io.taskgrid.agent.AgentServer;
import io.taskgrid.agent.HostMemory;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.task.Labels;
import io.taskgrid.api.task.Resources;
import io.taskgrid.agent.CallerPolicy;
import io.taskgrid.agent.execution.RunAs;
import io.taskgrid.agent.runtime.RuntimeDetector;
import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.transport.PeerRole;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.transport.TlsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Runs an agent: it registers with the controller and runs the tasks it is given.",
                "Example: taskgrid agent --controller grid-master:1099 --slots 4 --shared /mnt/shared"})
final class AgentCommand implements Callable<Integer> {
    /** The settings a --config file may hold: the long option names (--cpus is --slots there). */
    static final Set<String> KEYS;

    static {
        Set<String> keys = new HashSet<>(Set.of("controller", "slots", "memory", "queue-ahead", "shared", "work-dir", "id",
                "port", "advertise", "rules", "run-as", "label"));
        keys.addAll(TlsOptions.KEYS);
        keys.addAll(LogOptions.KEYS);
        keys.addAll(MetricsOptions.KEYS);
        KEYS = Set.copyOf(keys);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key = value lines; keys are the"
            + " option names without --, e.g. controller = grid-master:1099); options given here win over it.")
    Path config;

    @Option(names = "--controller", paramLabel = "HOST[:PORT]", description = "The controller to register with (here or in the --config file).")
    String controller;

    @Option(names = {"--slots", "--cpus"}, paramLabel = "N", description = "The CPUs this agent offers: tasks run at once as"
            + " long as the CPUs they ask for (submit --cpus) fit (default: "
            + "the number of cores).")
    Integer slotsOption;

    @Option(names = "--memory", paramLabel = "SIZE", description = "The memory this agent offers to tasks that ask for some"
            + " (submit --memory), such as 16G; a task that uses more than it asked for is stopped (default: the host's"
            + " memory, from /proc/meminfo; 0 offers none).")
    String memory;

    @Option(names = "--queue-ahead", paramLabel = "N", description = "Tasks held beyond the slots, each started as soon as a slot"
            + " frees, so a slot never waits for the controller between two short tasks (default: as many as --slots;"
            + " an idle agent gets back those not started; 0 takes only what can start at once).")
    Integer queueAhead;

    @Option(names = "--shared", paramLabel = "DIR", description = "The shared folder, mounted at the same path as on the controller (default: DATA-DIR/shared).")
    Path shared;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Folder for the agent's id and per-task work folders (default: DATA-DIR/agent).")
    Path workDir;

    @Option(names = "--id", paramLabel = "NAME", description = "Agent id (default: a UID kept in the work folder, the same across restarts).")
    String id;

    @Option(names = "--port", paramLabel = "PORT", description = "Port the agent service listens on (default: any free port).")
    Integer portOption;

    @Option(names = "--advertise", paramLabel = "HOST", description = "Host name or address the controller uses to call this agent.")
    String advertise;

    @Option(names = "--rules", paramLabel = "FILE", description = "Address rules for who may hand this agent tasks (default: WORK-DIR/agent.rules,"
            + " written on first start with loopback and the controller's addresses).")
    Path rules;

    @Option(names = "--run-as", paramLabel = "USER", description = {"Run programs as this unprivileged account (through setpriv),"
            + " so that a task cannot read the agent's keys or its other files. Needs an agent started as root; recommended"
            + " wherever the agent holds a key (see docs/deploy.md)."})
    String runAs;

    @Option(names = "--label", paramLabel = "LABEL", split = ",", description = {"A label of this agent, for tasks that"
            + " require it (submit --require LABEL); repeat it or separate labels by commas: --label gpu --label big-mem."
            + " Lowercase letters, digits, '-', '_' and '.', at most " + Labels.MAX_LENGTH + " characters and "
            + Labels.MAX_PER_AGENT + " labels."})
    List<String> labels = new ArrayList<>();

    @Mixin
    TlsOptions tlsOptions = new TlsOptions();

    @Mixin
    LogOptions log = new LogOptions();

    @Mixin
    MetricsOptions metrics = new MetricsOptions();

    private final ServerEnvironment environment;

    AgentCommand(ServerEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServerOptions options = new ServerOptions(spec);
        ConfigFile file = options.config(config, KEYS);
        log.apply(file, options, spec);
        String controller = ControllerCommand.first(this.controller, file.string("controller"));
        if (controller == null) {
            throw new ParameterException(spec.commandLine(), "The agent needs its controller; give --controller HOST[:PORT]"
                    + " (or controller = HOST[:PORT] in the --config file).");
        }
        int slots = ControllerCommand.first(slotsOption, options.fromFile(() -> file.integer("slots")),
                Runtime.getRuntime().availableProcessors());
        int port = ControllerCommand.first(portOption, options.fromFile(() -> file.integer("port")), 0);
        String memory = ControllerCommand.first(this.memory, file.string("memory"));
        Integer queueAhead = ControllerCommand.first(this.queueAhead, options.fromFile(() -> file.integer("queue-ahead")));
        String id = ControllerCommand.first(this.id, file.string("id"));
        String advertise = ControllerCommand.first(this.advertise, file.string("advertise"));
        String runAs = ControllerCommand.first(this.runAs, file.string("run-as"));
        Path shared = ControllerCommand.first(this.shared, file.path("shared"));
        Path workDir = ControllerCommand.first(this.workDir, file.path("work-dir"));
        Path rules = ControllerCommand.first(this.rules, file.path("rules"));
        List<String> labels = !this.labels.isEmpty() || file.string("label") == null ? this.labels
                : List.of(file.string("label").split(","));
        TlsOptions tls = tlsOptions.over(file, options);
        ControllerAddress address;
        try {
            address = ControllerAddress.parse(controller);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--controller: " + e.getMessage());
        }
        options.requirePositive(slots, "--slots");
        long offeredMemory = offeredMemory(memory);
        options.requirePort(port, "--port");
        long maxAhead = AgentRegistration.maxQueueAhead(slots);
        if (queueAhead != null && (queueAhead < 0 || queueAhead > maxAhead)) {
            throw new ParameterException(spec.commandLine(), "--queue-ahead must be between 0 and " + maxAhead
                    + " (" + AgentRegistration.MAX_QUEUE_AHEAD_PER_SLOT + " per slot), not " + queueAhead + ".");
        }
        if (id != null && !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ParameterException(spec.commandLine(), "--id may hold letters, digits, '.', '_' and '-' (at most 64), not '" + id + "'.");
        }
        List<String> offered;
        try {
            offered = Labels.ofAgent(labels);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--label: " + e.getMessage());
        }
        if (runAs != null) {
            try {
                RunAs.resolve(runAs, RuntimeDetector.onPath("setpriv")); // refused now, in words, rather than at the first task
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        environment.advertise(advertise);
        RmiTransport transport = Transports.forServer(tls, environment, spec, advertise, PeerRole.AGENT);
        String agentId = transport.kind() == RmiTransport.Kind.TLS ? idOfCertificate(id, tls) : id;
        if (!transport.reachableFromOtherHosts() && !Transports.isLoopback(address.host())) {
            throw new ParameterException(spec.commandLine(), "The controller at " + address + " is on another machine and must call"
                    + " this agent, but without TLS the agent listens on this machine only. Give --keystore and --truststore"
                    + " (make them with `taskgrid tls init`), or add --insecure on a network you trust.");
        }
        Path data = environment.defaultDataDir();
        Path sharedRoot = options.createFolder(shared != null ? shared : data.resolve("shared"), "--shared");
        Path work = options.createFolder(workDir != null ? workDir : data.resolve("agent"), "--work-dir");
        AgentConfig defaults = AgentConfig.defaults(address.host(), address.port(), sharedRoot, work);
        AgentConfig config = new AgentConfig(address.host(), address.port(), slots, sharedRoot, work, agentId, port,
                defaults.heartbeatInterval(), defaults.maxOutputBytes(), queueAhead == null ? -1 : queueAhead, runAs, offered,
                offeredMemory);
        RuleFile ruleFile = RuleFiles.open(rules != null ? rules : work.resolve("agent.rules"), rules == null,
                controllerAddresses(address.host()), "--rules", spec);
        ServerLifetime lifetime = new ServerLifetime(out);
        AgentServer agent = AgentServer.start(config, CallerPolicy.rules(ruleFile), transport, Clock.systemUTC());
        lifetime.add(agent);
        out.printf("TaskGrid agent %s started with %d CPUs and %s of memory; registering with the controller at %s.%n",
                agent.agentId(), slots, config.memoryBytes() == 0 ? "no offer" : Resources.formatMemory(config.memoryBytes()),
                address);
        out.printf("  shared folder  %s%n", sharedRoot.toAbsolutePath());
        out.printf("  work folder    %s%n", work.toAbsolutePath());
        out.printf("  transport      %s%n", transport);
        out.printf("  rules          %s%n", ruleFile.file().toAbsolutePath());
        out.printf("  offers         %d %s, %s%n", slots, slots == 1 ? "CPU" : "CPUs", config.memoryBytes() == 0
                ? "no memory (it takes no task that asks for memory; give --memory 16G to offer some)"
                : Resources.formatMemory(config.memoryBytes()) + " of memory, held " + agent.memoryEnforcement());
        out.printf("  labels         %s%n", offered.isEmpty() ? "none (give --label gpu to offer one to tasks that require it)"
                : String.join(", ", offered));
        out.printf("  programs run   %s%n", runAs == null ? "as this agent's account (give --run-as USER to keep tasks"
                + " away from its keys)" : "as " + runAs);
        MetricsEndpoint endpoint = metrics.start(file, options, spec, () -> agent.metrics()::scrape, out);
        if (endpoint != null) {
            lifetime.add(endpoint);
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        lifetime.awaitShutdown();
        return 0;
    }

    /** --memory as bytes: the host's total when left out (0 where it is unknown), 0 to offer none. */
    private long offeredMemory(String memory) {
        if (memory == null) {
            return HostMemory.totalBytes();
        }
        if (memory.trim().equals("0")) {
            return 0;
        }
        try {
            return Resources.parseMemory(memory);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--memory: " + e.getMessage());
        }
    }

    /**
     * With TLS, an agent is who its certificate says: the controller accepts its registration only under the
     * certificate's name, so that name is the id (and a different --id is refused here, in words).
     */
    private String idOfCertificate(String given, TlsOptions tls) {
        String named;
        try {
            named = Transports.settings(tls.keystore, tls.truststore, environment, spec).identity(PeerRole.AGENT).name();
        } catch (TlsException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (given != null && !given.equals(named)) {
            throw new ParameterException(spec.commandLine(), "--id " + given + " differs from the agent id in this agent's"
                    + " certificate (" + named + "); leave --id out, or issue a certificate for " + given
                    + " with `taskgrid tls issue DIR --agents " + given + "`.");
        }
        return named;
    }

    /** The controller's addresses, allowed in a newly written rule file so that it can hand out tasks. */
    private static List<String> controllerAddresses(String host) {
        List<String> allows = new ArrayList<>();
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    allows.add(a.getHostAddress() + (a instanceof Inet6Address ? "/128" : "/32"));
                }
            }
        } catch (UnknownHostException e) {
            // The agent keeps retrying the controller; the rules can be edited once its address is known.
        }
        return allows;
    }
}

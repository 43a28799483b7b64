package io.taskgrid.launcher;

import io.taskgrid.console.ConsoleApp;
import io.taskgrid.console.ConsoleEnvironment;
import io.taskgrid.console.ControllerConnector;
import io.taskgrid.console.PasswordPrompt;
import io.taskgrid.console.TerminalLogin;
import io.taskgrid.policy.transport.PeerRole;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.transport.SerialFilter;
import io.taskgrid.policy.transport.TlsException;
import io.taskgrid.policy.transport.TlsSettings;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@code bin/taskgrid}: the client commands, plus the server commands controller, agent and local, and user and tls. */
public final class Main {
    private static final Set<String> SERVER_COMMANDS = Set.of("controller", "agent", "local");
    /** Variable naming the user a client logs in as (default: the login name). */
    static final String USER_VARIABLE = ConsoleEnvironment.USER_VARIABLE;

    private Main() {
    }

    public static void main(String[] args) {
        configureProcess(args);
        ConsoleEnvironment console = ConsoleEnvironment.system();
        ConsoleEnvironment withLogin;
        try {
            withLogin = clientEnvironment(console);
        } catch (TlsException e) {
            console.err().println(e.getMessage());
            console.err().flush();
            System.exit(io.taskgrid.console.ExitCodes.USAGE);
            return;
        }
        int exitCode = commandLine(withLogin, ServerEnvironment.system()).execute(args);
        System.exit(exitCode);
    }

    static CommandLine commandLine(ConsoleEnvironment console, ServerEnvironment server) {
        CommandLine commandLine = ConsoleApp.commandLine(console);
        commandLine.addSubcommand("controller", new ControllerCommand(server));
        commandLine.addSubcommand("agent", new AgentCommand(server));
        commandLine.addSubcommand("local", new LocalCommand(server));
        commandLine.addSubcommand("gui", new GuiCommand(server));
        commandLine.addSubcommand("screenshot", new ScreenshotCommand());
        Function<String, char[]> terminal = question -> PasswordPrompt.terminal().ask(question);
        commandLine.addSubcommand("user", UserCommand.commandLine(new UserCommand.Context(server, terminal)));
        commandLine.addSubcommand("tls", TlsCommand.commandLine(server, terminal));
        commandLine.addSubcommand("completion", new CompletionCommand());
        commandLine.addSubcommand("manpage", new ManPageCommand());
        // Subcommands added here do not inherit the handlers ConsoleApp set; give them the same.
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            propagate(commandLine, sub);
        }
        ConsoleApp.readNumbersInWords(commandLine);
        return commandLine;
    }

    private static void propagate(CommandLine root, CommandLine sub) {
        sub.setOut(root.getOut());
        sub.setErr(root.getErr());
        sub.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
        sub.setParameterExceptionHandler(root.getParameterExceptionHandler());
        for (CommandLine child : sub.getSubcommands().values()) {
            propagate(root, child);
        }
    }

    /**
     * The console's connection to the controller: TLS when TASKGRID_KEYSTORE and TASKGRID_TRUSTSTORE are set,
     * the user from TASKGRID_USER, the password from TASKGRID_PASSWORD or asked at the terminal when the
     * controller wants one.
     */
    static ConsoleEnvironment clientEnvironment(ConsoleEnvironment console) throws TlsException {
        Map<String, String> vars = console.variables();
        String keystore = vars.get(TlsOptions.KEYSTORE_VARIABLE);
        String truststore = vars.get(TlsOptions.TRUSTSTORE_VARIABLE);
        RmiTransport transport;
        if (keystore != null && truststore != null) {
            String common = vars.get(TlsOptions.PASSWORD_VARIABLE);
            String kp = vars.getOrDefault(TlsOptions.KEYSTORE_PASSWORD_VARIABLE, common);
            String tp = vars.getOrDefault(TlsOptions.TRUSTSTORE_PASSWORD_VARIABLE, common);
            if (kp == null || tp == null) {
                throw new TlsException("TASKGRID_KEYSTORE and TASKGRID_TRUSTSTORE are set but their password is not; set TASKGRID_TLS_PASSWORD.");
            }
            transport = RmiTransport.tls(new TlsSettings(Path.of(keystore), kp.toCharArray(), Path.of(truststore), tp.toCharArray())
                    .context(PeerRole.CLIENT, "true".equalsIgnoreCase(vars.get(TlsOptions.VERIFY_HOSTNAMES_VARIABLE))));
        } else if (keystore != null || truststore != null) {
            throw new TlsException("TLS needs both TASKGRID_KEYSTORE and TASKGRID_TRUSTSTORE; only one is set.");
        } else {
            transport = RmiTransport.plain();
        }
        String user = vars.getOrDefault(USER_VARIABLE, System.getProperty("user.name"));
        ControllerConnector connector = TerminalLogin.rmi(transport, user, vars.get(ConsoleEnvironment.PASSWORD_VARIABLE),
                PasswordPrompt.terminal());
        return new ConsoleEnvironment(console.out(), console.err(), vars, console.interactiveTerminal(), connector, console.terminals());
    }

    /** JVM-wide settings that must be in place before the first log line and the first RMI call. */
    static void configureProcess(String[] args) {
        boolean server = args.length > 0 && SERVER_COMMANDS.contains(args[0]);
        setIfAbsent("taskgrid.log.level", server ? "INFO" : "WARN");
        // Names the log file where a logback.xml writes one (/etc/taskgrid/logback.xml: controller.log, agent.log).
        setIfAbsent("taskgrid.command", server ? args[0] : "client");
        // Without these a call to a peer that died hangs a thread for minutes. The response timeout is a
        // backstop above the longest legitimate call (an event long-poll of at most 30 s).
        setIfAbsent("sun.rmi.transport.tcp.responseTimeout", "60000");
        setIfAbsent("sun.rmi.transport.tcp.handshakeTimeout", "10000");
        setIfAbsent("sun.rmi.transport.proxy.connectTimeout", "5000");
        // Clients are found dead by heartbeats and failed callbacks; the DGC lease is only a backstop.
        setIfAbsent("java.rmi.dgc.leaseValue", "120000");
        // Object ids drawn at random, not counted up from one shared space: knowing one stub of this JVM (a
        // client's session) must not let anyone guess another (an agent's service) and call it directly.
        setIfAbsent("java.rmi.server.randomIDs", "true");
        // Only TaskGrid's own types are deserialized, here too (replies, registry, DGC), not just in exports.
        SerialFilter.installProcessWide();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

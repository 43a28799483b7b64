package io.taskgrid.launcher;

import io.taskgrid.console.ConsoleApp;
import io.taskgrid.console.ConsoleEnvironment;
import picocli.CommandLine;

import java.util.Set;

/** {@code bin/taskgrid}: the client commands, plus the server commands controller, agent and local. */
public final class Main {
    private static final Set<String> SERVER_COMMANDS = Set.of("controller", "agent", "local");

    private Main() {
    }

    public static void main(String[] args) {
        configureProcess(args);
        int exitCode = commandLine(ConsoleEnvironment.system(), ServerEnvironment.system()).execute(args);
        System.exit(exitCode);
    }

    static CommandLine commandLine(ConsoleEnvironment console, ServerEnvironment server) {
        CommandLine commandLine = ConsoleApp.commandLine(console);
        commandLine.addSubcommand("controller", new ControllerCommand(server));
        commandLine.addSubcommand("agent", new AgentCommand(server));
        commandLine.addSubcommand("local", new LocalCommand(server));
        commandLine.addSubcommand("gui", new GuiCommand(server));
        commandLine.addSubcommand("screenshot", new ScreenshotCommand());
        return commandLine;
    }

    /** JVM-wide settings that must be in place before the first log line and the first RMI call. */
    static void configureProcess(String[] args) {
        boolean server = args.length > 0 && SERVER_COMMANDS.contains(args[0]);
        setIfAbsent("taskgrid.log.level", server ? "INFO" : "WARN");
        // Without these a call to a peer that died hangs a thread for minutes. The response timeout is a
        // backstop above the longest legitimate call (an event long-poll of at most 30 s).
        setIfAbsent("sun.rmi.transport.tcp.responseTimeout", "60000");
        setIfAbsent("sun.rmi.transport.tcp.handshakeTimeout", "10000");
        setIfAbsent("sun.rmi.transport.proxy.connectTimeout", "5000");
        // Clients are found dead by heartbeats and failed callbacks; the DGC lease is only a backstop.
        setIfAbsent("java.rmi.dgc.leaseValue", "120000");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

package io.taskgrid.console;

import io.taskgrid.policy.transport.RmiTransport;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the console reads from or writes to the world outside: its two output streams, the
 * environment variables, whether a person watches a terminal, and how a controller is reached.
 *
 * @param out                 where results go
 * @param err                 where problems go
 * @param variables           environment variables ({@code TASKGRID_CONTROLLER}, {@code NO_COLOR}, {@code TASKGRID_PASSWORD})
 * @param interactiveTerminal whether a person watches a terminal (colour, live redraw)
 * @param connector           how to reach a controller
 * @param terminals           opens the terminal the full-screen views draw on (used only when {@code interactiveTerminal})
 */
public record ConsoleEnvironment(PrintWriter out, PrintWriter err, Map<String, String> variables,
                                 boolean interactiveTerminal, ControllerConnector connector, TerminalOpener terminals) {

    public ConsoleEnvironment {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(terminals, "terminals");
    }

    /** Without a terminal to open: plain lines everywhere (pipes, scripts, most tests). */
    public ConsoleEnvironment(PrintWriter out, PrintWriter err, Map<String, String> variables,
                              boolean interactiveTerminal, ControllerConnector connector) {
        this(out, err, variables, interactiveTerminal, connector, TerminalOpener.NONE);
    }

    /**
     * The real world: UTF-8 writers on the process's standard output and error (so that ✓ ∑ X print right
     * even in a C locale over ssh), the process environment, and the RMI connector.
     */
    public static ConsoleEnvironment system() {
        Map<String, String> variables = System.getenv();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        ControllerConnector connector = TerminalLogin.rmi(RmiTransport.plain(), System.getProperty("user.name"),
                variables.get(PASSWORD_VARIABLE), PasswordPrompt.none());
        boolean terminal = System.console() != null;
        return new ConsoleEnvironment(out, err, variables, terminal, connector, terminal ? TerminalOpener.SYSTEM : TerminalOpener.NONE);
    }

    /** Variable naming the controller when {@code --controller} is absent. */
    public static final String CONTROLLER_VARIABLE = "TASKGRID_CONTROLLER";
    /** Variable that turns colour off when set to anything (https://no-color.org). */
    public static final String NO_COLOR_VARIABLE = "NO_COLOR";
    /** Variable naming the user to log in as, when it is not the account's own name. */
    public static final String USER_VARIABLE = "TASKGRID_USER";

    /** Variable holding the password for log-in, where the controller asks for one. */
    public static final String PASSWORD_VARIABLE = "TASKGRID_PASSWORD";

    /** The user the console logs in as: {@code TASKGRID_USER}, else the account's name. */
    public String user() {
        String named = variables.get(USER_VARIABLE);
        return named != null && !named.isBlank() ? named : System.getProperty("user.name");
    }

    /** Whether output may carry ANSI colours: a terminal, and {@code NO_COLOR} not set. */
    public boolean colour() {
        String noColor = variables.get(NO_COLOR_VARIABLE);
        return interactiveTerminal && (noColor == null || noColor.isEmpty());
    }

    /**
     * How many characters a line of the terminal holds: {@code COLUMNS} when it is set, else what the terminal says;
     * 0 where there is no terminal (a pipe, a file: lines are not cut).
     */
    public int terminalWidth() {
        String columns = variables.get("COLUMNS");
        if (columns != null && columns.strip().matches("[0-9]{1,4}")) {
            return Integer.parseInt(columns.strip());
        }
        if (!interactiveTerminal || terminals == TerminalOpener.NONE) {
            return 0;
        }
        try (org.jline.terminal.Terminal terminal = terminals.open()) {
            return Math.max(0, terminal.getWidth());
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // no size to be had: whole lines, as in a pipe
        }
    }

    /** Whether a full-screen view can be drawn: a terminal that understands cursor movement ({@code TERM} is not dumb). */
    public boolean fullScreen() {
        String term = variables.get("TERM");
        return interactiveTerminal && terminals != TerminalOpener.NONE && !"dumb".equals(term);
    }
}

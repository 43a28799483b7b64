package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.ClientException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;
import picocli.CommandLine.Model.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shell at a terminal: a line editor with completion and the history file, a status line at the bottom, one
 * session for all commands. Each line runs on the {@link CommandWorker}; Ctrl-C stops the command, not the shell,
 * and at the prompt it clears the line. Commands write through the terminal and draw on it, borrowed.
 */
final class InteractiveShell {
    private static final Logger LOG = LoggerFactory.getLogger(InteractiveShell.class);
    static final String PROMPT = "taskgrid> ";
    /** How long a command may take to stop after Ctrl-C before the shell leaves it to end in the background. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final String STATUS_WIDGET = "taskgrid-status";
    /** How long Tab waits for the controller's task ids before it completes from what it had. */
    static final Duration COMPLETION_PATIENCE = Duration.ofMillis(300);

    /**
     * What the shell needs besides the terminal.
     *
     * @param outer            the shell's own environment (variables, the connector that logs in)
     * @param runner           runs a line
     * @param home             the shell's controller
     * @param commands         the client commands' model, for completion
     * @param workingDirectory where relative file names start
     * @param historyFile      the prepared history file
     */
    record Setup(ConsoleEnvironment outer, LineRunner runner, ControllerAddress home, CommandSpec commands,
                 Path workingDirectory, Path historyFile, Clock clock) {
    }

    private final Terminal terminal;
    private final Setup setup;
    private final SharedSession session;
    private final RecentTasks recent;
    private final ConnectedAgents agents;
    private final LineReader reader;
    private final LineReader passwords;
    private final CommandWorker worker = new CommandWorker(GRACE);
    private volatile String statusText = "";
    /** The running command's output, where Ctrl-C ends the line the terminal echoed {@code ^C} on; null at the prompt. */
    private volatile PrintWriter commandOutput;
    private volatile boolean stoppedByCtrlC;

    InteractiveShell(Terminal terminal, Setup setup) {
        this.terminal = terminal;
        this.setup = setup;
        this.session = new SharedSession(setup.outer().connector(), setup.home(), this::say);
        this.recent = new RecentTasks(() -> session.askingWith(PasswordPrompt.none()).connect(setup.home()), setup.clock(),
                COMPLETION_PATIENCE);
        this.agents = new ConnectedAgents(() -> session.askingWith(PasswordPrompt.none()).connect(setup.home()), setup.clock(),
                COMPLETION_PATIENCE);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("taskgrid")
                .parser(ShellWords.parser())
                .completer(new ShellCompleter(setup.commands(), recent, agents, setup.workingDirectory()))
                .history(new ShellHistory())
                .variable(LineReader.HISTORY_FILE, setup.historyFile())
                .variable(LineReader.HISTORY_SIZE, ShellHistory.LINES_KEPT)
                .variable(LineReader.HISTORY_FILE_SIZE, ShellHistory.FILE_LINES)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // a `!` in an argument stays a `!`
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .build();
        this.passwords = LineReaderBuilder.builder().terminal(terminal).variable(LineReader.DISABLE_HISTORY, true).build();
    }

    /** Runs the shell until Ctrl-D or {@code exit}; 0. */
    int run() {
        ControllerAddress home = setup.home();
        Status status = Status.getStatus(terminal);
        reader.getWidgets().put(STATUS_WIDGET, () -> {
            draw(status);
            return true;
        });
        StatusReport report = new StatusReport(home, () -> session.askingWith(PasswordPrompt.none()).connect(home),
                session::isOpen);
        StatusLine statusLine = new StatusLine(report::now, this::showAtPrompt, StatusLine.EVERY);
        Terminal.SignalHandler before = terminal.handle(Terminal.Signal.INT, signal -> ctrlC());
        try (session; recent; agents; statusLine) {
            // The status line takes its row first: taking it scrolls the screen by one, the greeting would go with it.
            statusText = home + " · connecting";
            draw(status);
            PrintWriter out = terminal.writer();
            out.println("TaskGrid shell on " + home + ": `help` lists the commands, Ctrl-D leaves.");
            out.flush();
            logIn(home);
            statusText = report.now();
            draw(status);
            statusLine.start();
            int last = ExitCodes.OK;
            while (true) {
                List<String> words;
                try {
                    words = ShellWords.split(reader.getParser(), reader.readLine(prompt(last)));
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt: the line is dropped, the shell stays
                } catch (EndOfFileException e) {
                    break;
                }
                if (words.isEmpty()) {
                    continue;
                }
                statusLine.pause();
                status.hide(); // the command has the whole terminal
                Optional<LineRunner.Result> result = runOne(words);
                if (result.isPresent() && result.get().leave()) {
                    break;
                }
                // A command stopped by Ctrl-C said so itself; its exit code would only repeat it.
                last = stoppedByCtrlC ? ExitCodes.OK : result.map(LineRunner.Result::exitCode).orElse(ExitCodes.TASK_FAILED);
                draw(status);
                statusLine.resume();
            }
            return ExitCodes.OK;
        } finally {
            terminal.handle(Terminal.Signal.INT, before);
            status.hide(); // leaves no stale figures under the system shell's prompt
            status.close();
            terminal.writer().flush();
        }
    }

    /** The one log-in of the shell, at its start; a controller that does not answer yet is said, not fatal. */
    private void logIn(ControllerAddress home) {
        Optional<String> problem = onWorker(() -> {
            try {
                session.askingWith(this::askPassword).connect(home).close(); // the session stays open: it is the shell's
                return null;
            } catch (ClientException e) {
                return e.getMessage();
            }
        });
        problem.ifPresent(sentence -> {
            terminal.writer().println(sentence);
            terminal.writer().println("The shell goes on; each command tries the controller again.");
            terminal.writer().flush();
        });
    }

    /** Runs one line on the worker, its output gated so that an abandoned command falls silent. */
    private Optional<LineRunner.Result> runOne(List<String> words) {
        OutputGate gate = new OutputGate(terminal.writer());
        PrintWriter through = new PrintWriter(gate, true);
        ConsoleEnvironment env = new ConsoleEnvironment(through, through, variables(), true,
                session.askingWith(this::askPassword), TerminalOpener.borrowing(terminal));
        stoppedByCtrlC = false;
        commandOutput = through;
        try {
            Optional<LineRunner.Result> result = worker.run(() -> setup.runner().run(words, env));
            if (result.isEmpty()) {
                gate.shut();
                terminal.writer().println("Stopped waiting for `" + words.get(0) + "`; it ends by itself in the background.");
            }
            return result;
        } catch (IllegalStateException e) {
            LOG.debug("The shell's command failed unexpectedly", e.getCause());
            terminal.writer().println("The command stopped on an unexpected error (" + e.getCause() + "). Please report it"
                    + " with the line you typed.");
            return Optional.of(LineRunner.Result.exit(ExitCodes.USAGE));
        } finally {
            commandOutput = null;
            terminal.writer().flush();
        }
    }

    /** Ctrl-C while a command runs: a fresh line (the terminal echoed ^C), then the command is stopped. */
    private void ctrlC() {
        PrintWriter output = commandOutput;
        if (output != null) {
            stoppedByCtrlC = true;
            output.println();
            output.flush();
        }
        worker.interrupt();
    }

    private <T> Optional<T> onWorker(Supplier<T> work) {
        return worker.run(work::get);
    }

    /** The commands' variables: the shell's, with the shell's controller for those that do not name one. */
    private Map<String, String> variables() {
        Map<String, String> variables = new java.util.HashMap<>(setup.outer().variables());
        variables.put(ConsoleEnvironment.CONTROLLER_VARIABLE, setup.home().toString());
        return variables;
    }

    /** The password, asked without echo and kept in no history; {@code null} on Ctrl-C or Ctrl-D. */
    private char[] askPassword(String question) {
        try {
            return passwords.readLine(question, LineReaderImpl.NULL_MASK).toCharArray();
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    /** A note of the shell's own ("connected again"): above the prompt while the line editor reads, else a line. */
    private void say(String note) {
        reader.printAbove(note);
    }

    /** From the status thread: drawn through the line editor, which owns the screen while it reads. */
    private void showAtPrompt(String text) {
        statusText = text;
        try {
            reader.callWidget(STATUS_WIDGET);
        } catch (IllegalStateException notReading) {
            // A command runs or the shell ends: the line is drawn when the prompt comes back.
        }
    }

    private void draw(Status status) {
        int width = Math.max(1, terminal.getWidth());
        String text = statusText.length() >= width ? statusText.substring(0, width - 1) + "…" : statusText;
        status.update(List.of(new AttributedString(text, AttributedStyle.INVERSE)));
    }

    private static String prompt(int lastExitCode) {
        return lastExitCode == ExitCodes.OK ? PROMPT : "taskgrid (exit " + lastExitCode + ")> ";
    }
}

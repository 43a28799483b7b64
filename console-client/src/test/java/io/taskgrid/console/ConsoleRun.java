package io.taskgrid.console;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Runs the command line against a connector and captures what it printed. */
final class ConsoleRun {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Map<String, String> variables = new HashMap<>();
    boolean interactive;
    /** The terminal a full-screen view opens (with {@link #interactive}); none by default: plain lines. */
    TerminalOpener terminals = TerminalOpener.NONE;
    Path workingDirectory = Path.of("").toAbsolutePath();
    Clock clock = Clock.fixed(FakeController.T0.plusSeconds(60), ZoneOffset.UTC);
    /** How {@code logs -f} waits between polls: a test moves the task on here instead of sleeping. */
    io.taskgrid.client.output.OutputFollower.Pause pause = io.taskgrid.client.output.OutputFollower.Pause.SLEEP;
    private final ControllerConnector connector;

    ConsoleRun(ControllerConnector connector) {
        this.connector = connector;
    }

    int run(String... args) {
        ConsoleEnvironment env = new ConsoleEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), variables,
                interactive, connector, terminals);
        return ConsoleApp.commandLine(env, clock, workingDirectory, Duration.ofMillis(200), pause).execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}

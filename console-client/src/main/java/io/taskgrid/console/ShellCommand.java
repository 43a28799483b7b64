package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Opens an interactive console: type the client commands without `taskgrid` in front, on one log-in.",
                "Tab completes commands, options, task ids, projects and files; Up and Down recall lines, also of earlier"
                        + " sessions (kept in $XDG_STATE_HOME/taskgrid/shell_history, by default ~/.local/state/taskgrid/,"
                        + " readable by you only; lines naming a password, secret, token or key, or starting with a space,"
                        + " are not kept). The bottom line shows the controller's running and queued tasks and its agents.",
                "Ctrl-C stops the running command (logs -f, watch, submit --wait) and comes back to the prompt;"
                        + " at the prompt it clears the line. Ctrl-D or `exit` leaves.",
                "Without a terminal (a pipe, a file, TERM=dumb) it runs the lines of its standard input one by one,"
                        + " without prompt or status line, and exits with the last command's exit code."},
        footer = {"", "Examples:",
                "  taskgrid shell",
                "  taskgrid shell --controller grid-master:1099",
                "  printf 'history --state FAILED\\nagents\\n' | taskgrid shell"})
final class ShellCommand extends ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Function<ConsoleEnvironment, CommandLine> commands;
    private final Path workingDirectory;
    private final InputStream stdin;

    /**
     * @param commands         a fresh client command line over an environment (with this command in it, left out here)
     * @param workingDirectory where relative file names start (completion)
     * @param stdin            the lines to run where there is no terminal
     */
    ShellCommand(ConsoleEnvironment env, Clock clock, Function<ConsoleEnvironment, CommandLine> commands, Path workingDirectory,
                 InputStream stdin) {
        super(env, clock);
        this.commands = commands;
        this.workingDirectory = workingDirectory;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        ControllerAddress home = controllerOption.address(env.variables(), parent == null ? null : parent.controller);
        Function<ConsoleEnvironment, CommandLine> inShell = e -> {
            CommandLine commandLine = commands.apply(e);
            commandLine.getCommandSpec().removeSubcommand(spec.name());
            return commandLine;
        };
        LineRunner runner = new LineRunner(inShell, elsewhere(inShell));
        if (env.fullScreen()) {
            try (Terminal terminal = env.terminals().open()) {
                return interactive(terminal, home, runner, inShell);
            }
        }
        try (SharedSession session = new SharedSession(env.connector(), home, err()::println)) {
            ConsoleEnvironment lines = new ConsoleEnvironment(out(), err(), withController(home), env.interactiveTerminal(), session);
            return new ScriptedShell(runner).run(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), lines);
        }
    }

    private int interactive(Terminal terminal, ControllerAddress home, LineRunner runner,
                            Function<ConsoleEnvironment, CommandLine> inShell) throws IOException {
        Path history = ShellHistory.prepare(ShellHistory.location(env.variables(),
                Path.of(env.variables().getOrDefault("HOME", System.getProperty("user.home")))));
        InteractiveShell.Setup setup = new InteractiveShell.Setup(env, runner, home, inShell.apply(env).getCommandSpec(),
                workingDirectory, history, clock);
        return new InteractiveShell(terminal, setup).run();
    }

    /** The launcher's commands that exist outside the shell only (servers, tools), refused inside it in words. */
    private Set<String> elsewhere(Function<ConsoleEnvironment, CommandLine> inShell) {
        Set<String> names = new HashSet<>();
        CommandSpec root = spec.parent();
        if (root != null) {
            names.addAll(root.subcommands().keySet());
            names.removeAll(inShell.apply(env).getSubcommands().keySet());
        }
        names.remove(spec.name());
        return names;
    }

    private Map<String, String> withController(ControllerAddress home) {
        Map<String, String> variables = new HashMap<>(env.variables());
        variables.put(ConsoleEnvironment.CONTROLLER_VARIABLE, home.toString());
        return variables;
    }
}

package io.taskgrid.console;

import io.taskgrid.client.output.OutputFollower;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Builds the {@code taskgrid} command line with its client subcommands. */
public final class ConsoleApp {

    private ConsoleApp() {
    }

    /**
     * The `taskgrid` command with the client subcommands: submit, history, show, logs, watch, cancel, agents, clients,
     * usage, status, priority, hold, release, drain, resume, shell.
     */
    public static CommandLine commandLine(ConsoleEnvironment env) {
        return commandLine(env, Clock.systemDefaultZone(), Path.of("").toAbsolutePath(), TaskFollower.LONG_POLL, OutputFollower.Pause.SLEEP);
    }

    /** For tests: a fixed clock (and zone), a working directory, a short long-poll. */
    static CommandLine commandLine(ConsoleEnvironment env, Clock clock, Path workingDirectory, Duration longPoll) {
        return commandLine(env, clock, workingDirectory, longPoll, OutputFollower.Pause.SLEEP);
    }

    /** For tests: also how {@code logs -f} and {@code submit --wait} wait between two polls of the output. */
    static CommandLine commandLine(ConsoleEnvironment env, Clock clock, Path workingDirectory, Duration longPoll,
                                   OutputFollower.Pause pause) {
        CommandLine cl = new CommandLine(new TaskgridCommand(env));
        CommandLine submit = new CommandLine(new SubmitCommand(env, clock, workingDirectory, longPoll, pause));
        submit.setUnmatchedOptionsArePositionalParams(true); // `submit prog.py -x 3` passes -x to the program
        cl.addSubcommand(submit);
        cl.addSubcommand(new CommandLine(new HistoryCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new ShowCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new LogsCommand(env, clock, pause)));
        cl.addSubcommand(new CommandLine(new WatchCommand(env, clock, longPoll, pause)));
        cl.addSubcommand(new CommandLine(new CancelCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new AgentsCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new ClientsCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new UsageCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new StatusCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new PriorityCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new HoldCommand.Hold(env, clock)));
        cl.addSubcommand(new CommandLine(new HoldCommand.Release(env, clock)));
        cl.addSubcommand(new CommandLine(new DrainCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new ResumeCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new CompleteCommand(env, clock)));
        cl.addSubcommand(new CommandLine(new ShellCommand(env, clock, e -> commandLine(e, clock, workingDirectory, longPoll, pause),
                workingDirectory, System.in)));
        WholeNumbers.registerOn(cl);
        ErrorHandler errors = new ErrorHandler();
        cl.setExpandAtFiles(false);
        cl.setOut(env.out());
        cl.setErr(env.err());
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl;
    }

    /**
     * Gives subcommands added after {@link #commandLine} (the launcher's servers and tools) the console's reading of
     * whole numbers, refused in words.
     */
    public static void readNumbersInWords(CommandLine commandLine) {
        WholeNumbers.registerOn(commandLine);
    }

    @Command(name = "taskgrid", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"TaskGrid runs your programs on a pool of machines.",
                    "Exit codes: 0 ok (with --wait: the task succeeded), 1 the task failed or was cancelled,"
                            + " 2 bad usage or input refused, 3 controller unreachable."},
            footer = {"", "Start here:", "  taskgrid local                  (a controller and 2 agents here)",
                    "  taskgrid submit examples/hello.py --wait", "  taskgrid history"})
    static final class TaskgridCommand implements Callable<Integer> {
        private final ConsoleEnvironment env;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--controller", paramLabel = "HOST[:PORT]",
                description = "The controller the client commands talk to (default: the TASKGRID_CONTROLLER variable, else localhost:1099).")
        String controller;

        TaskgridCommand(ConsoleEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            env.err().println("Name a command, for instance `taskgrid submit examples/hello.py --wait`.");
            spec.commandLine().usage(env.err());
            env.err().flush();
            return ExitCodes.USAGE;
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ConsoleApp.class.getPackage().getImplementationVersion();
            return new String[] {"TaskGrid " + (version == null ? "(development build)" : version)
                    + ", protocol " + io.taskgrid.api.Version.PROTOCOL};
        }
    }
}

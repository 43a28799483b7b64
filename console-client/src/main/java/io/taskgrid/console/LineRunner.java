package io.taskgrid.console;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs one line of the shell, already split into words: a client command on a fresh command line (so no option of one
 * line lingers into the next), or one of the shell's own words ({@code help}, {@code exit}, {@code quit}). What cannot
 * run here (the shell itself, the launcher's servers and tools) is refused with a sentence.
 */
final class LineRunner {
    /** What a line came to. */
    record Result(int exitCode, boolean leave) {
        static final Result LEAVE = new Result(ExitCodes.OK, true);

        static Result exit(int code) {
            return new Result(code, false);
        }
    }

    static final Set<String> LEAVING = Set.of("exit", "quit");

    private final Function<ConsoleEnvironment, CommandLine> commands;
    private final Set<String> elsewhere;

    /**
     * @param commands  a fresh client command line over an environment, without {@code shell}
     * @param elsewhere names of commands that exist outside the shell only (the launcher's servers and tools)
     */
    LineRunner(Function<ConsoleEnvironment, CommandLine> commands, Set<String> elsewhere) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.elsewhere = Set.copyOf(elsewhere);
    }

    /** Runs {@code words} with {@code env}'s output, connector and terminal; an empty line runs nothing (exit 0). */
    Result run(List<String> words, ConsoleEnvironment env) {
        if (words.isEmpty()) {
            return Result.exit(ExitCodes.OK);
        }
        String name = words.get(0);
        if (LEAVING.contains(name) && words.size() == 1) {
            return Result.LEAVE;
        }
        CommandLine commandLine = commands.apply(env);
        if (name.equals("help")) {
            return Result.exit(help(commandLine, words, env));
        }
        if (name.equals("shell")) {
            return refuse(env, "You are in the shell already: type a command such as `history`, or `exit` to leave.");
        }
        if (elsewhere.contains(name)) {
            return refuse(env, "`" + name + "` does not run inside the shell; run `taskgrid " + name
                    + "` in a terminal of its own.");
        }
        if (!name.startsWith("-") && !commandLine.getSubcommands().containsKey(name)) {
            return refuse(env, "There is no command `" + name + "`; the commands are " + String.join(", ", names(commandLine))
                    + " (`help` tells more, `exit` leaves).");
        }
        int code = commandLine.execute(words.toArray(String[]::new));
        env.out().flush();
        env.err().flush();
        return Result.exit(code);
    }

    /** {@code help}: the commands and the shell's keys; {@code help COMMAND}: that command's usage. */
    private static int help(CommandLine commandLine, List<String> words, ConsoleEnvironment env) {
        PrintWriter out = env.out();
        if (words.size() > 1) {
            CommandLine sub = commandLine.getSubcommands().get(words.get(1));
            if (sub == null) {
                env.err().println("There is no command `" + words.get(1) + "`; the commands are "
                        + String.join(", ", names(commandLine)) + ".");
                env.err().flush();
                return ExitCodes.USAGE;
            }
            sub.usage(out, env.colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF);
        } else {
            // Lines under 80 columns: the shell runs over ssh in small terminals too.
            out.println("Commands: " + String.join(", ", names(commandLine)) + ".");
            out.println("Type one as after `taskgrid`: `history`, `submit examples/hello.py --wait`.");
            out.println("`help COMMAND` or `COMMAND --help` shows its options.");
            out.println("Tab completes commands, options, task ids, projects and file names.");
            out.println("Up and Down recall earlier lines, also of earlier sessions.");
            out.println("Ctrl-C stops the running command, or clears the line; Ctrl-D or `exit` leaves.");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The commands in the order {@code taskgrid --help} lists them. */
    /** The commands a person types; hidden ones (what shell completion calls) are left out. */
    private static List<String> names(CommandLine commandLine) {
        return commandLine.getSubcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(java.util.Map.Entry::getKey).toList();
    }

    private static Result refuse(ConsoleEnvironment env, String sentence) {
        env.err().println(sentence);
        env.err().flush();
        return Result.exit(ExitCodes.USAGE);
    }
}

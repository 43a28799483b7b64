package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Tab in the shell: the commands and their options from the same picocli model as {@code --help}, task ids (with
 * their program) and project names from the newest history, agent ids and the labels of the connected agents (for
 * {@code --require}, also as {@code !label}), and files relative to the working folder for what
 * {@code submit} runs and reads ({@code PROGRAM}, its arguments, {@code --data}, {@code --each}).
 */
final class ShellCompleter implements Completer {
    /** A description in the list of candidates is cut to this many characters, to fit a narrow terminal. */
    static final int DESCRIPTION_WIDTH = 40;
    /** The shell's own words, beside the commands. */
    static final Map<String, String> SHELL_WORDS = Map.of(
            "help", "the commands and keys of the shell",
            "exit", "leave the shell (also Ctrl-D)",
            "quit", "leave the shell (also Ctrl-D)");

    private final CommandSpec commands;
    private final RecentTasks recent;
    private final ConnectedAgents agents;
    private final Completer files;

    /**
     * @param commands         the client commands as the shell runs them (without {@code shell})
     * @param recent           the newest tasks
     * @param agents           the connected agents
     * @param workingDirectory where relative file names start
     */
    ShellCompleter(CommandSpec commands, RecentTasks recent, ConnectedAgents agents, Path workingDirectory) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.recent = Objects.requireNonNull(recent, "recent");
        this.agents = Objects.requireNonNull(agents, "agents");
        this.files = new FilesFrom(workingDirectory);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        if (index == 0) {
            commandNames(candidates, true);
            return;
        }
        String name = words.get(0);
        if (name.equals("help")) {
            if (index == 1) {
                commandNames(candidates, false);
            }
            return;
        }
        CommandLine sub = commands.subcommands().get(name);
        if (sub == null) {
            return;
        }
        CommandSpec spec = sub.getCommandSpec();
        OptionSpec before = spec.findOption(words.get(index - 1));
        if (before != null && before.arity().max() > 0) {
            optionValues(before, reader, line, candidates);
        } else if (line.word().startsWith("-")) {
            options(spec, candidates);
        } else {
            positional(spec, reader, line, candidates);
        }
    }

    private void commandNames(List<Candidate> candidates, boolean withShellWords) {
        commands.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                candidates.add(candidate(name, "commands", first(sub.getCommandSpec().usageMessage().description()), 0));
            }
        });
        if (withShellWords) {
            SHELL_WORDS.forEach((word, what) -> candidates.add(candidate(word, "shell", what, 0)));
        }
    }

    private static void options(CommandSpec spec, List<Candidate> candidates) {
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            for (String name : option.names()) {
                candidates.add(candidate(name, "options", first(option.description()), 0));
            }
        }
    }

    private void optionValues(OptionSpec option, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String label = option.paramLabel();
        if (option.longestName().equals("--project")) {
            recent.projects().forEach(p -> candidates.add(candidate(p, "projects", null, 0)));
        } else if (label.equals("LABEL")) {
            // "!gpu" keeps a task off the agents labelled gpu: offered once the `!` is typed, not doubling the list.
            boolean avoid = line.word().startsWith("!");
            agents.labels().forEach(l -> candidates.add(candidate(avoid ? "!" + l : l, "labels", null, 0)));
        } else if (label.equals("AGENT-ID")) {
            agentIds(candidates);
        } else if (label.equals("PATH") || label.equals("FILE")) {
            files.complete(reader, line, candidates);
        } else if (label.equals("STATE")) {
            for (TaskState state : TaskState.values()) {
                candidates.add(candidate(state.name().toLowerCase(Locale.ROOT), "states", null, 0));
            }
        } else if (option.completionCandidates() != null) {
            option.completionCandidates().forEach(value -> candidates.add(candidate(value, "values", null, 0)));
        }
    }

    private void positional(CommandSpec spec, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> labels = spec.positionalParameters().stream().map(ArgSpec::paramLabel).toList();
        if (labels.contains("TASK-ID")) {
            List<TaskRecord> tasks = recent.tasks();
            for (int i = 0; i < tasks.size(); i++) {
                TaskRecord t = tasks.get(i);
                // An array stands as its id (the whole array), a member of one as ARRAY.INDEX.
                candidates.add(t.firstOfArray()
                        ? candidate(Long.toString(t.id()), "tasks", t.program() + " · array", i)
                        : candidate(t.displayId(), "tasks", t.program() + " · " + t.state().name().toLowerCase(Locale.ROOT), i));
            }
        } else if (labels.contains("AGENT-ID")) {
            agentIds(candidates);
        } else if (labels.contains("PROGRAM")) {
            files.complete(reader, line, candidates);
        }
    }

    /** The connected agents' ids, each with its host and whether it takes tasks. */
    private void agentIds(List<Candidate> candidates) {
        List<io.taskgrid.api.agent.AgentInfo> connected = agents.agents();
        for (int i = 0; i < connected.size(); i++) {
            io.taskgrid.api.agent.AgentInfo a = connected.get(i);
            candidates.add(candidate(a.id(), "agents", a.host() + " · " + a.availability(), i));
        }
    }

    /** A candidate that is a whole word (a space follows it), listed by {@code order}, then by value. */
    private static Candidate candidate(String value, String group, String description, int order) {
        return new Candidate(value, value, group, shortened(description), null, null, true, order);
    }

    private static String first(String[] description) {
        return description == null || description.length == 0 ? null : description[0];
    }

    private static String shortened(String description) {
        if (description == null) {
            return null;
        }
        String text = description.strip();
        int sentence = text.indexOf(". ");
        if (sentence > 0) {
            text = text.substring(0, sentence);
        }
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.length() <= DESCRIPTION_WIDTH ? text : text.substring(0, DESCRIPTION_WIDTH - 1) + "…";
    }

    /**
     * File names relative to the shell's working folder (JLine's own completer for them is deprecated and starts from
     * the JVM's folder): a folder is offered with a slash and no space after it, so that the name goes on; hidden
     * files only when the typed name starts with a dot.
     */
    private static final class FilesFrom implements Completer {
        private final Path folder;

        FilesFrom(Path folder) {
            this.folder = folder;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            String typed = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
            int slash = typed.lastIndexOf('/');
            String parent = typed.substring(0, slash + 1);
            boolean hidden = typed.startsWith(".", slash + 1);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent.isEmpty() ? folder : folder.resolve(parent))) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (name.startsWith(".") && !hidden) {
                        continue;
                    }
                    boolean isFolder = Files.isDirectory(entry);
                    String shown = isFolder ? name + "/" : name;
                    candidates.add(new Candidate(parent + shown, shown, null, null, null, null, !isFolder));
                }
            } catch (IOException | InvalidPathException e) {
                // No such folder (yet), or not one to read: nothing to offer.
            }
        }
    }
}

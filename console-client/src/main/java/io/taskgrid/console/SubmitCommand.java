package io.taskgrid.console;

import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.output.OutputFollower;
import io.taskgrid.client.program.ProgramResolver;
import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.Durations;
import io.taskgrid.api.task.DedupMode;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.RetryPolicy;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Runs a program on the grid.",
                "A PROGRAM under the shared folder runs in place; any other file on this machine is sent along (up to 10 MB).",
                "Options TaskGrid does not know are passed to the program; put `--` before arguments that look like TaskGrid's own."},
        footer = {"", "Examples:",
                "  taskgrid submit examples/hello.py --wait",
                "  taskgrid submit analyse.py -x 3 --data data/input.csv --project thesis --timeout 5m",
                "  taskgrid submit train.py --env MODE=fast --env OMP_NUM_THREADS=4",
                "  taskgrid submit tool.sh -- --wait   (passes --wait to tool.sh)",
                "  taskgrid submit --each runs.txt --project sweep   (one task per line: PROGRAM [ARGS...])",
                "  taskgrid submit sim.py --array 1-1000%50   (1000 tasks, 50 at once; each gets TASKGRID_ARRAY_INDEX)",
                "  taskgrid submit collect.py --after 42   (starts once every task of array 42 succeeded)"})
final class SubmitCommand extends ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM", description = "The program file to run.")
    String program;

    @Option(names = "--each", paramLabel = "FILE", description = {"Submit one task per line of FILE instead: each line is PROGRAM [ARGS...]"
            + " (words split on spaces; blank lines and lines starting with # are skipped).",
            "The other options apply to every task; tasks go in batches of " + EachFile.BATCH + ", one transaction each."})
    String each;

    @Option(names = "--array", paramLabel = "FIRST-LAST[:STEP][%LIMIT]", description = {"Submit an array: one task per"
            + " index, in one call (1-1000, 0-99:10, 1-1000%50 for at most 50 running at once). Each gets its index in"
            + " TASKGRID_ARRAY_INDEX; the array's id is its first task's, its tasks are ARRAY.INDEX (42.7).",
            "`taskgrid show 42`, `cancel 42`, `hold 42` and `release 42` act on the whole array."})
    String array;

    @Option(names = "--after", paramLabel = "ID", split = ",", description = {"Start only after these tasks succeeded (an"
            + " array's id: every member succeeded); ids, ARRAY.INDEX for one member, repeat it or separate by commas."
            + " If one fails, this one is cancelled."})
    List<String> after = new ArrayList<>();

    @Option(names = "--after-any", paramLabel = "ID", split = ",", description = "Start only after these tasks ended,"
            + " in any state.")
    List<String> afterAny = new ArrayList<>();

    @Option(names = "--after-failed", paramLabel = "ID", split = ",", description = "Start only if these tasks fail (an"
            + " array's id: some member fails), for a clean-up; cancelled when they all succeed.")
    List<String> afterFailed = new ArrayList<>();

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the program.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--project", paramLabel = "NAME", description = "Project name (default: default).")
    String project;

    @Option(names = "--project-id", paramLabel = "ID", description = "Id of the task within its project (default: chosen by the controller).")
    String projectId;

    @Option(names = "--data", paramLabel = "PATH", description = "Data for the program, on the shared folder.")
    String data;

    @Option(names = "--email", paramLabel = "ADDR", description = "Where to mail a report when the task ends.")
    String email;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wall-clock limit, like 30s, 5m or 2h (default: the controller's).")
    Duration timeout;

    @Option(names = "--priority", paramLabel = "N", description = "Higher runs first, -100 to 100 (default: 0); above 0 only for administrators where log-in is on. Later: taskgrid priority ID N.")
    int priority;

    @Option(names = "--wait", description = "Wait for the task to end, printing its output as it is written; exit 0 if it succeeded, else 1.")
    boolean waitForEnd;

    @Option(names = "--force", description = "Run even if an earlier task with the same program, data and arguments already succeeded.")
    boolean force;

    @Option(names = "--hold", description = "Queue it held: it starts only after `taskgrid release ID`.")
    boolean hold;

    @Option(names = "--require", paramLabel = "LABEL", split = ",", description = {"Run it only on an agent with this label"
            + " (taskgrid agent --label LABEL); !LABEL keeps it off agents that have that one. Repeat it or separate by"
            + " commas: --require gpu --require '!big-mem'. With the language, an agent must meet all of them.",
            "A requirement no connected agent meets is refused, naming the labels there are; see --wait-for-agent."})
    List<String> require = new ArrayList<>();

    @Option(names = "--wait-for-agent", description = "Keep it queued when no connected agent can run it (its language,"
            + " --require labels, --cpus and --memory) instead of refusing it; it starts when such an agent joins.")
    boolean waitForAgent;

    @Option(names = "--cpus", paramLabel = "N", description = {"CPUs the task uses (default: 1): it runs only where that many"
            + " are free, and counts that many against the agent and the pool's process limit; for a program that runs"
            + " N threads or processes."})
    int cpus = 1;

    @Option(names = "--memory", paramLabel = "SIZE", description = {"Memory the task needs, such as 512M or 2G (default: none"
            + " asked for): it runs only where that much is free, and is stopped if its processes use more; `show` says the"
            + " peak."})
    String memory;

    @Option(names = "--retries", paramLabel = "N", description = {"Run it again, up to N times (0 to 100), when it fails with a"
            + " non-zero exit code (see --retry-on-exit); each retry is another attempt in `show`, with the reason.",
            "Never retried: a cancelled task, a timeout, a syntax error, a task stopped for its memory. A run lost with its"
            + " agent runs again by itself and uses no retry."})
    int retries;

    @Option(names = "--retry-delay", paramLabel = "DURATION", description = "How long to wait before each retry, like 30s or"
            + " 5m, at most 1d (default: 0, at once); then it waits in its queue with its priority as before.")
    String retryDelay;

    @Option(names = "--retry-on-exit", paramLabel = "CODES", description = "Retry only on these exit codes, like 75,137"
            + " (default: any non-zero exit code).")
    String retryOnExit;

    @Option(names = "--dedup", paramLabel = "MODE", converter = DedupConverter.class,
            description = {"How an earlier task with the same result is recognised: metadata (size and modification time of "
                    + "program and data, the default) or content (their SHA-256 digests, for shared folders whose times cannot be trusted)."})
    DedupMode dedup;

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = {"A variable for the program's environment; repeat for more"
            + " (at most 100). The program gets only PATH, HOME, LANG, USER, LOGNAME, the TASKGRID_ variables and these.",
            "Values are kept with the task on the controller but never shown; do not pass passwords this way."})
    List<String> environment = new ArrayList<>();

    @Option(names = "--json", description = "Print the task as JSON.")
    boolean json;

    private final Path workingDirectory;
    private final Duration longPoll;
    private final OutputFollower.Pause pause;

    SubmitCommand(ConsoleEnvironment env, Clock clock, Path workingDirectory, Duration longPoll, OutputFollower.Pause pause) {
        super(env, clock);
        this.workingDirectory = workingDirectory;
        this.longPoll = longPoll;
        this.pause = pause;
    }

    @Override
    public Integer call() {
        MisspeltOptions.find(arguments, spec.commandLine().getParseResult().originalArgs(), spec.optionsMap().keySet())
                .ifPresent(typo -> {
                    throw new InputRefusedException("'" + typo.argument() + "' after the program looks like a misspelt " + typo.option()
                            + "; did you mean " + typo.option() + "? To pass '" + typo.argument() + "' to the program as it is,"
                            + " put it after --: taskgrid submit " + (program == null ? "PROGRAM" : program) + " -- " + typo.argument());
                });
        if (each != null) {
            return submitEach();
        }
        if (program == null) {
            throw new InputRefusedException("Give the PROGRAM to run, or --each FILE with one program and its arguments per line;"
                    + " run `taskgrid submit --help` for the options.");
        }
        if (program.startsWith("-") && !Files.exists(workingDirectory.resolve(program))) {
            throw new InputRefusedException("Unknown option '" + program + "' before the program; run `taskgrid submit --help`"
                    + " for the options, or put `--` before a program whose name starts with '-'.");
        }
        TaskArray indexes = indexes();
        List<DependencyWords.Word> waitsFor = DependencyWords.read(after, afterAny, afterFailed);
        try (ControllerGateway gateway = waitForEnd ? connectFollowing() : connect()) {
            ProgramResolver resolver = new ProgramResolver(workingDirectory, gateway.info().sharedRoot());
            TaskSpec spec = spec(resolver, program, arguments, projectId, indexes,
                    DependencyWords.resolve(waitsFor, new Targets(gateway)));
            TaskRecord task = gateway.submit(spec);
            if (task.state() == TaskState.REJECTED) {
                if (json) {
                    out().println(new JsonOutput().task(task));
                }
                err().println(task.message() == null ? "The controller refused task " + task.id() + "." : Outcomes.indented(task.message()));
                return ExitCodes.USAGE;
            }
            if (waitForEnd) {
                return waitFor(gateway, task);
            }
            if (indexes != null) {
                out().println(json ? new JsonOutput().submittedArray(task, indexes) : acceptedArray(task, indexes));
            } else if (json) {
                out().println(new JsonOutput().task(task));
            } else {
                out().println(accepted(task));
            }
            return task.state() == TaskState.FAILED || task.state() == TaskState.CANCELLED ? ExitCodes.TASK_FAILED : ExitCodes.OK;
        }
    }

    /** {@code --array}, checked here: a bad form is refused before anything is sent, as is a combination that cannot be. */
    private TaskArray indexes() {
        if (array == null) {
            return null;
        }
        if (waitForEnd) {
            throw new InputRefusedException("--wait follows one task; follow an array with `taskgrid show ID` (its members"
                    + " counted by state) or `taskgrid history --array ID`.");
        }
        if (projectId != null) {
            throw new InputRefusedException("--project-id names one task; with --array the controller chooses an id for each"
                    + " member.");
        }
        try {
            return TaskArray.parse(array);
        } catch (IllegalArgumentException e) {
            throw new InputRefusedException("--array: " + e.getMessage());
        }
    }

    private TaskSpec spec(ProgramResolver resolver, String programPath, List<String> args, String id, TaskArray indexes,
                          List<Dependency> dependencies) {
        ProgramSource source = resolver.program(programPath);
        return TaskSpec.builder(source)
                .array(indexes)
                .after(dependencies)
                .project(project)
                .projectId(id)
                .arguments(args)
                .dataPath(resolver.dataPath(data))
                .email(email)
                .timeout(timeout)
                .priority(priority)
                .force(force)
                .hold(hold)
                .requires(requirements())
                .waitForAgent(waitForAgent)
                .resources(resources())
                .retry(retry())
                .dedup(dedup)
                .environment(variables())
                .build();
    }

    /** {@code --cpus} and {@code --memory}, checked here: a bad size is refused before anything is sent. */
    private Resources resources() {
        long bytes = 0;
        if (memory != null) {
            try {
                bytes = Resources.parseMemory(memory);
            } catch (IllegalArgumentException e) {
                throw new InputRefusedException("--memory: " + e.getMessage());
            }
        }
        java.util.Optional<String> problem = Resources.problem(cpus, bytes);
        if (problem.isPresent()) {
            throw new InputRefusedException("--cpus: " + problem.get());
        }
        return Resources.of(cpus, bytes);
    }

    /** {@code --retries}, {@code --retry-delay} and {@code --retry-on-exit}, checked here: nothing is sent when one is wrong. */
    private RetryPolicy retry() {
        Duration delay = Duration.ZERO;
        if (retryDelay != null) {
            try {
                delay = Durations.parse(retryDelay);
            } catch (IllegalArgumentException e) {
                throw new InputRefusedException("--retry-delay: " + e.getMessage());
            }
        }
        List<Integer> codes = List.of();
        if (retryOnExit != null) {
            try {
                codes = RetryPolicy.parseExitCodes(retryOnExit);
            } catch (IllegalArgumentException e) {
                throw new InputRefusedException("--retry-on-exit: " + e.getMessage());
            }
        }
        java.util.Optional<String> problem = RetryPolicy.problem(retries, delay, codes);
        if (problem.isPresent()) {
            throw new InputRefusedException(problem.get());
        }
        return RetryPolicy.of(retries, delay, codes);
    }

    /** {@code --require} as typed, once checked here: a bad label is refused before anything is sent. */
    private List<String> requirements() {
        try {
            return Requirements.parse(require).words();
        } catch (IllegalArgumentException e) {
            throw new InputRefusedException("--require: " + e.getMessage());
        }
    }

    /** {@code --env NAME=VALUE} options as a map, in their order; a malformed one is refused with the fix. */
    private Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : environment) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            if (eq <= 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new InputRefusedException("--env '" + entry + "' is not NAME=VALUE with a name of letters, digits and '_'"
                        + " (not starting with a digit); write it like --env MODE=fast.");
            }
            variables.put(name, entry.substring(eq + 1));
        }
        return variables;
    }

    /** {@code --each FILE}: every line a task, submitted in batches; prints a summary and every refusal with its line. */
    private int submitEach() {
        if (program != null) {
            throw new InputRefusedException("Give either a PROGRAM or --each FILE, not both: with --each every line of the file names"
                    + " its program (PROGRAM [ARGS...]).");
        }
        if (array != null) {
            throw new InputRefusedException("Give either --array or --each, not both: --array runs one program once per index"
                    + " (read TASKGRID_ARRAY_INDEX in it), --each one task per line of its file.");
        }
        if (waitForEnd) {
            throw new InputRefusedException("--wait follows one task; with --each, follow the tasks with `taskgrid watch` or"
                    + " `taskgrid history --project NAME`.");
        }
        if (projectId != null) {
            throw new InputRefusedException("--project-id names one task; with --each the controller chooses an id for each.");
        }
        List<EachFile.Line> lines = EachFile.read(ProgramResolver.localPath(workingDirectory, each, "--each"));
        List<DependencyWords.Word> waitsFor = DependencyWords.read(after, afterAny, afterFailed);
        try (ControllerGateway gateway = connect()) {
            ProgramResolver resolver = new ProgramResolver(workingDirectory, gateway.info().sharedRoot());
            List<Dependency> dependencies = DependencyWords.resolve(waitsFor, new Targets(gateway));
            List<TaskSpec> specs = new ArrayList<>(lines.size());
            for (EachFile.Line line : lines) {
                try {
                    specs.add(spec(resolver, line.program(), line.arguments(), null, null, dependencies));
                } catch (InputRefusedException e) {
                    throw new InputRefusedException(each + " line " + line.number() + ": " + e.getMessage());
                }
            }
            List<TaskRecord> tasks = new ArrayList<>(specs.size());
            for (int from = 0; from < specs.size(); from += EachFile.BATCH) {
                tasks.addAll(gateway.submitAll(specs.subList(from, Math.min(specs.size(), from + EachFile.BATCH))));
            }
            int refused = 0;
            for (int i = 0; i < tasks.size(); i++) {
                TaskRecord t = tasks.get(i);
                if (t.state() == TaskState.REJECTED) {
                    refused++;
                    err().println(each + " line " + lines.get(i).number() + ": " + (t.message() == null
                            ? "the controller refused task " + t.id() + "." : Outcomes.indented(t.message())));
                }
            }
            if (json) {
                out().println(new JsonOutput().tasks(tasks));
            } else {
                out().println(EachFile.summary(tasks, refused));
            }
            out().flush();
            err().flush();
            return refused > 0 ? ExitCodes.USAGE : ExitCodes.OK;
        }
    }

    private int waitFor(ControllerGateway gateway, TaskRecord submitted) {
        if (json) {
            return waitForJson(gateway, submitted);
        }
        // For a person at a terminal: where the task is (on stderr, so stdout stays the program's output), and what
        // Ctrl-C leaves behind. Scripts get neither. Both get the program's output as it is written, as `logs -f` does.
        long id = submitted.id();
        boolean person = env.interactiveTerminal();
        WaitProgress progress = new WaitProgress(err());
        OutputPrinter printer = new OutputPrinter(out(), err());
        Thread onInterrupt = new Thread(() -> printer.interrupted(() -> progress.interrupted(id)), "taskgrid-submit-interrupted");
        if (person) {
            Runtime.getRuntime().addShutdownHook(onInterrupt);
        }
        TaskRecord task;
        try {
            // Queued: the event feed says when it starts. Then its output, read as the agent writes it, until it ends.
            task = new TaskFollower(gateway, longPoll).followUntilStarted(id, t -> {
                if (person) {
                    progress.changed(t);
                }
            });
            if (task.state() == TaskState.DUPLICATE && task.duplicateOf() != null) {
                // A duplicate's output is its earlier task's: print that, as if it had run.
                printNow(gateway, task.duplicateOf(), printer);
            } else {
                task = printFollowing(gateway, id, printer, person ? progress : null);
            }
        } finally {
            printer.close();
            progress.ended();
            if (person) {
                removeHook(onInterrupt);
            }
        }
        String ending = task.state() == TaskState.DUPLICATE ? duplicate(task) : Outcomes.endingSentence(task, printer.stderrShown());
        if (ending != null) {
            err().println(ending);
        }
        out().flush();
        err().flush();
        return Outcomes.exitCode(task);
    }

    /** {@code --wait --json}: no output as it comes, only the ended task, as JSON. */
    private int waitForJson(ControllerGateway gateway, TaskRecord submitted) {
        TaskRecord task = new TaskFollower(gateway, longPoll).follow(submitted.id(), t -> { });
        out().println(new JsonOutput().task(task));
        out().flush();
        err().flush();
        return Outcomes.exitCode(task);
    }

    /**
     * Prints the task's output as it comes until it ends; at a terminal a new attempt is said on a progress line first.
     *
     * @return the ended task
     */
    private TaskRecord printFollowing(ControllerGateway gateway, long id, OutputPrinter printer, WaitProgress progress) {
        OutputFollower.Sink sink = new OutputFollower.Sink() {
            @Override
            public void stdout(String text) {
                printer.stdout(text);
            }

            @Override
            public void stderr(String text) {
                printer.stderr(text);
            }

            @Override
            public void restarted(long taskId, int attempt) {
                if (progress != null) {
                    printer.endLines();
                    progress.changed(gateway.task(taskId));
                }
                printer.restarted(taskId, attempt);
            }
        };
        TaskOutput last;
        try {
            last = new OutputFollower(gateway, pause).follow(id, sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFollower.FollowInterruptedException(id);
        }
        TaskRecord ended = gateway.task(id);
        printExcerptsWithoutFiles(ended, last, printer);
        return ended;
    }

    /** Prints what an ended task wrote, at once. */
    private void printNow(ControllerGateway gateway, long id, OutputPrinter printer) {
        TaskOutput last = new OutputFollower(gateway, pause).readNow(id, printer);
        printExcerptsWithoutFiles(gateway.task(id), last, printer);
    }

    /**
     * A stream whose file is not there (the result folder was removed, or never written) is printed from the excerpt
     * the controller keeps with the task; a stream read from its file is not printed again.
     */
    private static void printExcerptsWithoutFiles(TaskRecord task, TaskOutput last, OutputPrinter printer) {
        if (!last.stdout().exists() && task.output() != null && !task.output().isEmpty()) {
            printer.stdout(task.output());
        }
        if (!last.stderr().exists() && task.errorOutput() != null && !task.errorOutput().isEmpty()) {
            printer.stderr(task.errorOutput());
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException stopping) {
            // The JVM is already stopping (Ctrl-C): the hook runs and says what happened.
        }
    }

    private static String accepted(TaskRecord t) {
        String follow = " Follow it: taskgrid show " + t.id();
        String what = "Task " + t.id() + " " + t.state().label() + " for project " + t.project() + " (" + TaskText.language(t) + ")"
                + (t.requirements().isEmpty() ? "" : ", to run on an agent " + t.requirements().describe())
                + (t.resources().beyondDefault() ? ", with " + t.resources().inWords() : "")
                + (t.retry().enabled() ? ", retried " + t.retry().inWords() : "");
        return switch (t.state()) {
            case QUEUED -> what + "." + follow;
            case RUNNING -> what + (t.agentId() == null ? "" : " on " + t.agentId()) + "." + follow;
            case SUCCEEDED -> what + "." + follow;
            case DUPLICATE -> duplicate(t);
            default -> Outcomes.endingSentence(t) + follow;
        };
    }

    /**
     * "Submitted array 42: 1000 tasks, 42.1 … 42.1000, at most 10 running at once." and, on a line of its own (the
     * sentence alone fills most of an 80-column terminal), "Follow it: taskgrid show 42".
     */
    static String acceptedArray(TaskRecord first, TaskArray indexes) {
        long id = first.arrayId() == null ? first.id() : first.arrayId();
        return "Submitted array " + id + ": " + ArrayText.extent(id, indexes) + "." + (first.held() ? " They are held;"
                + " `taskgrid release " + id + "` lets them start." : "") + System.lineSeparator() + "Follow it: taskgrid show " + id;
    }

    static String duplicate(TaskRecord t) {
        return "Task " + t.id() + " is a duplicate of task " + t.duplicateOf() + ", which already succeeded with the same program, "
                + "data and arguments; its result is in " + (t.resultPath() == null ? "that task's result folder" : t.resultPath())
                + ". Use --force to run it again.";
    }

    /** Reads {@code --dedup metadata|content}, any case. */
    static final class DedupConverter implements ITypeConverter<DedupMode> {
        @Override
        public DedupMode convert(String value) {
            try {
                return DedupMode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a way to detect duplicates; write metadata or content.");
            }
        }
    }

    /** Reads {@code --timeout} with {@link Durations#parse}, whose sentence picocli shows on exit 2. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}

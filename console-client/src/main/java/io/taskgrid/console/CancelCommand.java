package io.taskgrid.console;

import io.taskgrid.client.ClientException;

import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels queued or running tasks (the agent stops everything each program started): the ones named,"
                + " or every one that --project, --state, --user and --mine select. Only your own tasks, unless you are an administrator.",
                "An array's id cancels every member that has not ended; ARRAY.INDEX (42.7) cancels one member."},
        footer = {"", "Examples:", "  taskgrid cancel 42", "  taskgrid cancel 42 43 47", "  taskgrid cancel 42.7",
                "  taskgrid cancel --project sweep --state queued", "  taskgrid cancel --mine --state queued"})
final class CancelCommand extends ClientCommand implements Callable<Integer> {

    static final Duration SETTLE = Duration.ofSeconds(10);

    // Words, read as ids in call(): a converter failing on a list of any length made picocli say only "Unmatched argument".
    @Parameters(paramLabel = "TASK-ID", arity = "0..*", description = "The tasks' ids (see `taskgrid history`), arrays' ids"
            + " or ARRAY.INDEX for one member.")
    List<String> taskIdWords = new ArrayList<>();

    @Option(names = "--project", paramLabel = "NAME", description = "Every queued or running task of this project.")
    String project;

    @Option(names = "--state", paramLabel = "STATE", description = "Only tasks in this state: queued or running.")
    String state;

    @Option(names = "--user", paramLabel = "NAME", description = "Only tasks this user submitted.")
    String user;

    @Option(names = "--mine", description = "Only tasks you submitted (as TASKGRID_USER, else your account's name).")
    boolean mine;

    CancelCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        List<TaskRef> refs = taskIdWords.stream().map(TaskRef::parse).toList();
        TaskState only = HistoryCommand.parseState(state);
        if (only != null && only.isFinal()) {
            throw new InputRefusedException("--state " + state + ": only queued or running tasks can be cancelled.");
        }
        if (mine && user != null && !user.equals(env.user())) {
            throw new InputRefusedException("--mine and --user " + user + " select different users; give one of them.");
        }
        if (mine) {
            user = env.user();
        }
        boolean selecting = project != null || state != null || user != null;
        if (refs.isEmpty() && !selecting) {
            throw new InputRefusedException("Name the tasks to cancel (taskgrid cancel 42 43), or select them with --project,"
                    + " --state, --user or --mine.");
        }
        try (ControllerGateway gateway = connect()) {
            Set<TaskRef> named = new LinkedHashSet<>(refs);
            // A selection names tasks by their own ids, one by one: an array's first member selected is that task only.
            Set<Long> selected = new LinkedHashSet<>(selecting ? selected(gateway, only) : List.of());
            if (selecting && named.isEmpty() && selected.isEmpty()) {
                out().println("No queued or running task matches; nothing to cancel.");
                return ExitCodes.OK;
            }
            return cancelAll(gateway, List.copyOf(named), List.copyOf(selected));
        }
    }

    private List<Long> selected(ControllerGateway gateway, TaskState only) {
        List<Long> ids = new ArrayList<>();
        for (TaskState s : only != null ? List.of(only) : List.of(TaskState.RUNNING, TaskState.QUEUED)) {
            for (TaskRecord t : gateway.history(new HistoryQuery(s, project, null, HistoryQuery.MAX_LIMIT, null))) {
                if (user == null || user.equals(t.clientUser())) {
                    ids.add(t.id());
                }
            }
        }
        return ids;
    }

    /**
     * Asks for every cancellation first (the tasks and arrays named, then the tasks selected), then waits (once, up to
     * {@link #SETTLE}) for the single tasks to end.
     */
    private int cancelAll(ControllerGateway gateway, List<TaskRef> named, List<Long> selected) {
        int exitCode = ExitCodes.OK;
        int asked = named.size() + selected.size();
        List<Long> stopping = new ArrayList<>();
        Targets targets = new Targets(gateway);
        List<Long> arrays = new ArrayList<>();
        List<Runnable> cancels = new ArrayList<>();
        named.forEach(ref -> cancels.add(() -> cancel(gateway, targets.resolve(ref), stopping, arrays)));
        selected.forEach(id -> cancels.add(() -> cancel(gateway, new Target.One(gateway.task(id)), stopping, arrays)));
        for (Runnable cancel : cancels) {
            try {
                cancel.run();
            } catch (ClientException e) {
                if (asked == 1) {
                    throw e;
                }
                err().println(e.getMessage());
                exitCode = exitCode == ExitCodes.OK ? ExitCodes.of(e) : exitCode;
            }
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (long id : stopping) {
            // The agent is stopping it: wait briefly for the end so the answer is final.
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            report(new TaskFollower(gateway, TaskFollower.LONG_POLL).follow(id, t -> { }, left));
        }
        if (asked > 1) {
            out().println("Asked to cancel " + asked + " tasks" + (arrays.isEmpty() ? "" : " (" + arrays.size() + " of them"
                    + (arrays.size() == 1 ? " an array" : " arrays") + ")") + ".");
        }
        return exitCode;
    }

    /**
     * Cancels one task (noted in {@code stopping} while its agent stops it) or every member of an array that runs or
     * waits (noted in {@code arrays}).
     */
    private void cancel(ControllerGateway gateway, Target target, List<Long> stopping, List<Long> arrays) {
        if (target instanceof Target.WholeArray whole) {
            arrays.add(whole.arrayId());
            ArraySummary before = gateway.array(whole.arrayId());
            if (before.isFinished()) {
                out().println("Array " + whole.arrayId() + " had already ended: " + before.countsInWords() + ".");
                return;
            }
            ArraySummary after = gateway.cancelArray(whole.arrayId());
            out().println("Array " + whole.arrayId() + " (" + after.program() + "): its " + (before.size() - before.ended())
                    + " members that had not ended are cancelled, or stopping where they ran; now " + after.countsInWords() + ".");
            return;
        }
        TaskRecord before = target.record();
        if (before.state().isFinal()) {
            out().println("Task " + before.displayId() + " had already ended: " + before.state().label() + ".");
            return;
        }
        TaskRecord task = gateway.cancel(before.id());
        if (task.state().isFinal()) {
            report(task);
        } else {
            stopping.add(task.id());
        }
    }

    private void report(TaskRecord task) {
        out().println(Outcomes.afterCancel(task) + (task.state().isFinal() ? "" : " Follow it: taskgrid show " + task.displayId()));
    }
}

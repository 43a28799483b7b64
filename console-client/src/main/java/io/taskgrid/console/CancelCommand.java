package io.taskgrid.console;

import io.taskgrid.client.ClientException;

import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.session.ControllerGateway;

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
                + " or every one that --project, --state, --user and --mine select. Only your own tasks, unless you are an administrator."},
        footer = {"", "Examples:", "  taskgrid cancel 42", "  taskgrid cancel 42 43 47",
                "  taskgrid cancel --project sweep --state queued", "  taskgrid cancel --mine --state queued"})
final class CancelCommand extends ClientCommand implements Callable<Integer> {

    static final Duration SETTLE = Duration.ofSeconds(10);

    // Words, read as ids in call(): a converter failing on a list of any length made picocli say only "Unmatched argument".
    @Parameters(paramLabel = "TASK-ID", arity = "0..*", description = "The tasks' ids (see `taskgrid history`).")
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
        List<Long> taskIds = new ArrayList<>();
        TaskIdConverter idConverter = new TaskIdConverter();
        for (String word : taskIdWords) {
            try {
                taskIds.add(idConverter.convert(word));
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new InputRefusedException(e.getMessage());
            }
        }
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
        if (taskIds.isEmpty() && !selecting) {
            throw new InputRefusedException("Name the tasks to cancel (taskgrid cancel 42 43), or select them with --project,"
                    + " --state, --user or --mine.");
        }
        try (ControllerGateway gateway = connect()) {
            Set<Long> ids = new LinkedHashSet<>(taskIds);
            if (selecting) {
                ids.addAll(selected(gateway, only));
                if (ids.isEmpty()) {
                    out().println("No queued or running task matches; nothing to cancel.");
                    return ExitCodes.OK;
                }
            }
            return cancelAll(gateway, List.copyOf(ids));
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

    /** Asks for every cancellation first, then waits (once, up to {@link #SETTLE}) for them to end. */
    private int cancelAll(ControllerGateway gateway, List<Long> ids) {
        int exitCode = ExitCodes.OK;
        List<Long> stopping = new ArrayList<>();
        for (long id : ids) {
            try {
                TaskRecord before = gateway.task(id);
                if (before.state().isFinal()) {
                    out().println("Task " + id + " had already ended: " + before.state().label() + ".");
                    continue;
                }
                TaskRecord task = gateway.cancel(id);
                if (task.state().isFinal()) {
                    report(task);
                } else {
                    stopping.add(id);
                }
            } catch (ClientException e) {
                if (ids.size() == 1) {
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
        if (ids.size() > 1) {
            out().println("Asked to cancel " + ids.size() + " tasks.");
        }
        return exitCode;
    }

    private void report(TaskRecord task) {
        out().println(Outcomes.afterCancel(task) + (task.state().isFinal() ? "" : " Follow it: taskgrid show " + task.id()));
    }
}

package io.taskgrid.console;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Shows running and queued tasks as they change, until Ctrl-C: elapsed time, CPU, memory and bytes read of each running task.",
                "In a terminal the table redraws in place; in a pipe one line is printed per change, and a progress line per running task every 5 s.",
                "With TASK-ID: follows that task until it ends, then exits 0 if it succeeded, else 1."},
        footer = {"", "Examples:", "  taskgrid watch", "  taskgrid watch 42"})
final class WatchCommand extends ClientCommand implements Callable<Integer> {
    /** In a terminal, the view is drawn again at least this often (the clock, a resize of the terminal). */
    static final Duration REDRAW_EVERY = Duration.ofSeconds(1);
    static final int RELOAD_LIMIT = 1000;
    /** Without a terminal, a running task's progress is printed at most this often. */
    static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(5);

    @Parameters(index = "0", arity = "0..1", paramLabel = "TASK-ID", converter = TaskIdConverter.class, description = "Follow only this task.")
    Long taskId;

    private final Duration longPoll;

    WatchCommand(ConsoleEnvironment env, Clock clock, Duration longPoll) {
        super(env, clock);
        this.longPoll = longPoll;
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connectFollowing()) {
            return taskId != null ? followOne(gateway, taskId) : watchAll(gateway);
        }
    }

    private int followOne(ControllerGateway gateway, long id) {
        TaskText text = text();
        TaskRecord task = new TaskFollower(gateway, longPoll).follow(id, t -> {
            out().println(text.time(clock.instant()) + " " + text.taskLine(t));
            out().flush();
        });
        String ending = Outcomes.endingSentence(task);
        if (ending != null) {
            err().println(ending);
        }
        out().println("Its output: taskgrid show " + id);
        out().flush();
        return Outcomes.exitCode(task);
    }

    private int watchAll(ControllerGateway gateway) {
        if (env.interactiveTerminal()) {
            return watchOnScreen(gateway);
        }
        TaskText text = text();
        Map<Long, TaskRecord> active = new TreeMap<>();
        Map<Long, Instant> progressPrinted = new HashMap<>();
        long cursor = gateway.events(0, Duration.ZERO).lastSequence();
        reload(gateway, active);
        out().println("Watching " + gateway.address() + ": " + active.size() + " running or queued; Ctrl-C to stop.");
        active.values().forEach(t -> out().println(text.time(clock.instant()) + " " + text.taskLine(t)));
        out().flush();
        while (!Thread.currentThread().isInterrupted()) {
            EventBatch batch = gateway.events(cursor, longPoll);
            cursor = Math.max(cursor, batch.lastSequence());
            if (batch.missed()) {
                reload(gateway, active);
                out().println(text.time(clock.instant()) + " some events were missed; reloaded " + active.size() + " running or queued tasks");
            }
            for (GridEvent event : batch.events()) {
                boolean worthALine = worthALine(active, event);
                if (event instanceof TaskEvent te) {
                    apply(active, te.task());
                }
                if (worthALine) {
                    out().println(text.event(event));
                } else if (event instanceof TaskEvent te && progressDue(progressPrinted, te.task())) {
                    out().println(text.progressLine(te.task(), te.at()));
                }
                if (event instanceof TaskEvent te && te.task().state().isFinal()) {
                    progressPrinted.remove(te.task().id());
                }
            }
            out().flush();
        }
        return ExitCodes.OK;
    }

    /**
     * In a terminal: a full-screen table redrawn in place at least once a second (the clock, a resize), cut to the
     * terminal's size; Ctrl-C gives the screen back with a last line, so the prompt starts on a line of its own.
     */
    private int watchOnScreen(ControllerGateway gateway) {
        TaskText text = text();
        Map<Long, TaskRecord> active = new TreeMap<>();
        Screen screen = new Screen(out(), new TerminalSize(env.variables()));
        String farewell = "Stopped watching " + gateway.address() + ".";
        Thread onCtrlC = new Thread(() -> screen.close(farewell), "taskgrid-watch-interrupted");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        Duration poll = longPoll.compareTo(REDRAW_EVERY) < 0 ? longPoll : REDRAW_EVERY;
        try {
            long cursor = gateway.events(0, Duration.ZERO).lastSequence();
            reload(gateway, active);
            screen.open();
            redraw(screen, text, active);
            while (!Thread.currentThread().isInterrupted()) {
                EventBatch batch = gateway.events(cursor, poll);
                cursor = Math.max(cursor, batch.lastSequence());
                if (batch.missed()) {
                    reload(gateway, active);
                }
                for (GridEvent event : batch.events()) {
                    if (event instanceof TaskEvent te) {
                        apply(active, te.task());
                    }
                }
                redraw(screen, text, active);
            }
        } finally {
            screen.close(farewell);
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException stopping) {
                // Ctrl-C: the hook runs (and finds the screen closed already, or closes it).
            }
        }
        return ExitCodes.OK;
    }

    private static boolean worthALine(Map<Long, TaskRecord> active, GridEvent event) {
        if (event instanceof TaskEvent te) {
            TaskRecord before = active.get(te.task().id());
            return before == null || before.state() != te.task().state() || before.attempt() != te.task().attempt();
        }
        return event instanceof AgentEvent ae && ae.kind() != AgentEvent.Kind.UPDATED;
    }

    /** A usage update of a running task, and the last progress line for it is old enough. */
    private boolean progressDue(Map<Long, Instant> printed, TaskRecord task) {
        if (task.state() != TaskState.RUNNING || task.usage() == null) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = printed.get(task.id());
        if (last != null && now.isBefore(last.plus(PLAIN_PROGRESS_EVERY))) {
            return false;
        }
        printed.put(task.id(), now);
        return true;
    }

    private static void apply(Map<Long, TaskRecord> active, TaskRecord task) {
        if (task.state().isFinal()) {
            active.remove(task.id());
        } else {
            active.put(task.id(), task);
        }
    }

    private static void reload(ControllerGateway gateway, Map<Long, TaskRecord> active) {
        active.clear();
        for (TaskState state : List.of(TaskState.RUNNING, TaskState.QUEUED)) {
            for (TaskRecord t : gateway.history(new HistoryQuery(state, null, null, RELOAD_LIMIT, null))) {
                active.put(t.id(), t);
            }
        }
    }

    private void redraw(Screen screen, TaskText text, Map<Long, TaskRecord> active) {
        List<String> lines = new ArrayList<>();
        long running = active.values().stream().filter(t -> t.state() == TaskState.RUNNING).count();
        lines.add(style().bold("TaskGrid " + text.time(clock.instant())) + "  " + running + " running, "
                + (active.size() - running) + " queued  (Ctrl-C to stop)");
        if (!active.isEmpty()) {
            // Running first: when the terminal is too short for all, what runs is what a person wants to see.
            lines.addAll(text.active(active.values().stream()
                    .sorted(java.util.Comparator.comparing((TaskRecord t) -> t.state() != TaskState.RUNNING)).toList()));
        }
        screen.draw(lines, more -> "… and " + more + " more; a taller terminal shows them");
    }
}

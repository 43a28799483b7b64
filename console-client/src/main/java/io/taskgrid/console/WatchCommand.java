package io.taskgrid.console;

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
    static final int MAX_ROWS = 30;
    static final int RELOAD_LIMIT = 1000;
    /** Without a terminal, a running task's progress is printed at most this often. */
    static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(5);

    @Parameters(index = "0", arity = "0..1", paramLabel = "TASK-ID", description = "Follow only this task.")
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
        TaskText text = text();
        boolean live = env.interactiveTerminal();
        Map<Long, TaskRecord> active = new TreeMap<>();
        Map<Long, Instant> progressPrinted = new HashMap<>();
        long cursor = gateway.events(0, Duration.ZERO).lastSequence();
        reload(gateway, active);
        int drawn = 0;
        if (live) {
            drawn = redraw(text, active, 0);
        } else {
            out().println("Watching " + gateway.address() + ": " + active.size() + " running or queued; Ctrl-C to stop.");
            active.values().forEach(t -> out().println(text.time(clock.instant()) + " " + text.taskLine(t)));
            out().flush();
        }
        while (!Thread.currentThread().isInterrupted()) {
            EventBatch batch = gateway.events(cursor, longPoll);
            cursor = Math.max(cursor, batch.lastSequence());
            if (batch.missed()) {
                reload(gateway, active);
                if (!live) {
                    out().println(text.time(clock.instant()) + " some events were missed; reloaded " + active.size() + " running or queued tasks");
                }
            }
            for (GridEvent event : batch.events()) {
                boolean worthALine = worthALine(active, event);
                if (event instanceof TaskEvent te) {
                    apply(active, te.task());
                }
                if (!live && worthALine) {
                    out().println(text.event(event));
                } else if (!live && event instanceof TaskEvent te && progressDue(progressPrinted, te.task())) {
                    out().println(text.progressLine(te.task(), te.at()));
                }
                if (event instanceof TaskEvent te && te.task().state().isFinal()) {
                    progressPrinted.remove(te.task().id());
                }
            }
            if (live) {
                drawn = redraw(text, active, drawn);
            } else {
                out().flush();
            }
        }
        return ExitCodes.OK;
    }

    /** State changes and agents coming and going; not heartbeats, usage updates or client sessions. */
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

    /** Replaces the previously drawn lines (ANSI: up to the first of them, clear below) by the current table. */
    private int redraw(TaskText text, Map<Long, TaskRecord> active, int previouslyDrawn) {
        List<String> lines = new ArrayList<>();
        long running = active.values().stream().filter(t -> t.state() == TaskState.RUNNING).count();
        lines.add(style().bold("TaskGrid " + text.time(clock.instant())) + "  " + running + " running, "
                + (active.size() - running) + " queued  (Ctrl-C to stop)");
        if (!active.isEmpty()) {
            List<TaskRecord> shown = active.values().stream().limit(MAX_ROWS).toList();
            lines.addAll(text.active(shown));
            if (active.size() > MAX_ROWS) {
                lines.add("… and " + (active.size() - MAX_ROWS) + " more");
            }
        }
        StringBuilder sb = new StringBuilder();
        if (previouslyDrawn > 0) {
            sb.append("\u001b[").append(previouslyDrawn).append('F').append("\u001b[J");
        }
        lines.forEach(l -> sb.append(l).append(System.lineSeparator()));
        out().print(sb);
        out().flush();
        return lines.size();
    }
}

package io.taskgrid.console;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.output.OutputFollower;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        description = {"Shows running and queued tasks as they change: elapsed time, CPU, memory and bytes read of each running task.",
                "In a terminal it is a full-screen view: arrows (or j/k) move, Enter opens a task with its output as it is written,"
                        + " c cancels (after y), / filters, Esc goes back, q or Ctrl-C quits.",
                "In a pipe or with TERM=dumb one line is printed per change, and a progress line per running task every 5 s, until Ctrl-C.",
                "With TASK-ID: follows that task until it ends, then exits 0 if it succeeded, else 1."},
        footer = {"", "Examples:", "  taskgrid watch", "  taskgrid watch 42"})
final class WatchCommand extends ClientCommand implements Callable<Integer> {
    static final int RELOAD_LIMIT = 1000;
    /** Without a terminal, a running task's progress is printed at most this often. */
    static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(5);

    @Parameters(index = "0", arity = "0..1", paramLabel = "TASK-ID", converter = TaskRef.Converter.class,
            description = "Follow only this task (ARRAY.INDEX for a member of an array).")
    TaskRef ref;

    private static final Logger LOG = LoggerFactory.getLogger(WatchCommand.class);
    private final Duration longPoll;
    private final OutputFollower.Pause pause;

    WatchCommand(ConsoleEnvironment env, Clock clock, Duration longPoll, OutputFollower.Pause pause) {
        super(env, clock);
        this.longPoll = longPoll;
        this.pause = pause;
    }

    @Override
    public Integer call() {
        if (ref == null && env.fullScreen()) {
            return watchOnScreen();
        }
        try (ControllerGateway gateway = connectFollowing()) {
            return ref != null ? followOne(gateway, new Targets(gateway).one(ref, "watch").id()) : watchAll(gateway);
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
     * In a terminal: the full-screen view ({@link FullScreenWatch}), keys and all; the terminal is given back on any
     * exit, with a last line on a clean row so the prompt starts on a line of its own.
     */
    private int watchOnScreen() {
        Terminal terminal;
        try {
            terminal = env.terminals().open();
        } catch (IOException e) {
            throw new UncheckedIOException("The terminal could not be opened for the full-screen view (" + e.getMessage()
                    + "). Pipe the command (taskgrid watch | cat) to get plain lines.", e);
        }
        try (terminal) {
            FullScreenWatch view = new FullScreenWatch(terminal, clock, longPoll, pause);
            String address;
            try (ControllerGateway gateway = connectFollowing(view.reconnectNotes())) {
                address = gateway.address().toString();
                view.run(gateway, text());
            }
            terminal.writer().println("Stopped watching " + address + ".");
            terminal.writer().flush();
        } catch (IOException e) {
            LOG.debug("Closing the terminal failed", e);
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
        activeTasks(gateway).forEach(t -> active.put(t.id(), t));
    }

    /** What runs and waits now, running first: at most {@link #RELOAD_LIMIT} of each (both views reload with it). */
    static List<TaskRecord> activeTasks(ControllerGateway gateway) {
        List<TaskRecord> tasks = new ArrayList<>();
        for (TaskState state : List.of(TaskState.RUNNING, TaskState.QUEUED)) {
            tasks.addAll(gateway.history(new HistoryQuery(state, null, null, RELOAD_LIMIT, null)));
        }
        return tasks;
    }
}

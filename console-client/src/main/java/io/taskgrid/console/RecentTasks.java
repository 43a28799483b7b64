package io.taskgrid.console;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.client.session.ControllerGateway;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The newest tasks of the history, for completing task ids and project names: a {@link CompletionRead}, so Tab never
 * hangs on a slow controller.
 */
final class RecentTasks implements AutoCloseable {
    /** How many of the newest tasks are offered. */
    static final int HOW_MANY = 200;
    /** How long a read is used before it is read again. */
    static final Duration FRESH_FOR = CompletionRead.FRESH_FOR;

    private final CompletionRead<List<TaskRecord>> newest;

    /**
     * @param gateway  the shell's session, opened without asking anybody (a {@link io.taskgrid.client.ClientException}
     *                 when it cannot be)
     * @param patience how long a key press waits for a fresh read
     */
    RecentTasks(Supplier<ControllerGateway> gateway, Clock clock, Duration patience) {
        this.newest = new CompletionRead<>("the history", gateway, g -> g.history(HistoryQuery.newest(HOW_MANY).foldingArrays(true)), List.of(),
                clock, patience);
    }

    /** The newest tasks, newest first: fresh if the controller answers within the patience, else the last read. */
    List<TaskRecord> tasks() {
        return newest.get();
    }

    /** The projects of the newest tasks, most recent first. */
    Set<String> projects() {
        Set<String> projects = new LinkedHashSet<>();
        for (TaskRecord t : tasks()) {
            if (t.project() != null) {
                projects.add(t.project());
            }
        }
        return projects;
    }

    @Override
    public void close() {
        newest.close();
    }
}

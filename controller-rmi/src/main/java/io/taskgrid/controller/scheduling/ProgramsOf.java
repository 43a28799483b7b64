package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.history.TaskHistory;

import java.util.HashMap;
import java.util.Map;

/**
 * The programs and variables of the tasks taken back at start, read once per array (its members share its first's)
 * rather than once per member: 100,000 queued members are one read, not 100,000.
 */
final class ProgramsOf {
    private final TaskHistory store;
    private final Map<Long, ProgramSource> programs = new HashMap<>();
    private final Map<Long, Map<String, String>> environments = new HashMap<>();

    ProgramsOf(TaskHistory store) {
        this.store = store;
    }

    ProgramSource program(TaskRecord r) {
        if (r.arrayId() == null) {
            return store.program(r.id()).orElseThrow();
        }
        return programs.computeIfAbsent(r.arrayId(), id -> store.program(r.id()).orElseThrow());
    }

    Map<String, String> environment(TaskRecord r) {
        if (r.arrayId() == null) {
            return store.environment(r.id());
        }
        return environments.computeIfAbsent(r.arrayId(), id -> store.environment(r.id()));
    }
}

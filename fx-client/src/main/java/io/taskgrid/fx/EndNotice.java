package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One notification about tasks of this user that ended: one task, or a group folded together while notifications
 * were held back.
 *
 * @param count   how many tasks ended
 * @param byState how many of them ended in each state
 * @param single  the task, when there is only one; else null
 * @param project the project all of them belong to, or null when they belong to several
 */
record EndNotice(int count, Map<TaskState, Integer> byState, TaskRecord single, String project) {
    EndNotice {
        if (count < 1) {
            throw new IllegalArgumentException("A notice is about at least one task, not " + count);
        }
        byState = Map.copyOf(byState);
        if (count == 1) {
            Objects.requireNonNull(single, "single");
        }
    }

    /** Whether a task of it failed: the notice then shows an error, not information. */
    boolean failure() {
        return byState.getOrDefault(TaskState.FAILED, 0) > 0;
    }

    /** "Task 12 (sum.sh) failed with exit code 3." or "12 tasks ended: 11 ✓ succeeded, 1 X failed." */
    String sentence() {
        if (single != null) {
            TaskRecord t = single;
            return "Task " + t.id() + " (" + t.program() + ") " + t.state().label()
                    + (t.exitCode() != null && t.state() == TaskState.FAILED ? " with exit code " + t.exitCode() : "") + ".";
        }
        return count + " tasks" + (project == null ? "" : " of " + project) + " ended: "
                + new EnumMap<>(byState).entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().mark() + " " + e.getKey().label())
                .collect(Collectors.joining(", ")) + ".";
    }

    /** The state that the list shows when the notice is clicked: failed when any failed, else the one state all share. */
    TaskState stateToShow() {
        if (failure()) {
            return TaskState.FAILED;
        }
        return byState.size() == 1 ? byState.keySet().iterator().next() : null;
    }
}

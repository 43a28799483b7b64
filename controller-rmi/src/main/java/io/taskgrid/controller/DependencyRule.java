package io.taskgrid.controller;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.controller.history.TaskStore;
import io.taskgrid.controller.submission.Verdict;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a submission may wait for: tasks or arrays that exist, at most {@link TaskSpec#MAX_DEPENDENCIES}. Anyone's: the
 * states of tasks are in everyone's history anyway, and waiting for a task changes nothing of it. A task can only wait for tasks submitted before it (ids it names exist already),
 * so no cycle can form; an id not yet given out is refused as unknown.
 */
final class DependencyRule {
    private DependencyRule() {
    }

    /** The verdict, refused with a sentence when a dependency is bad; as it was otherwise. */
    static Verdict apply(TaskSpec spec, Verdict verdict, TaskStore store) {
        if (!verdict.accepted() || spec.after().isEmpty()) {
            return verdict;
        }
        return refusal(spec, store).map(verdict::refused).orElse(verdict);
    }

    private static Optional<String> refusal(TaskSpec spec, TaskStore store) {
        if (spec.after().size() > TaskSpec.MAX_DEPENDENCIES) {
            return Optional.of("A task waits for at most " + TaskSpec.MAX_DEPENDENCIES + " tasks, not " + spec.after().size()
                    + "; make the tasks an array and wait for the array (--after ARRAY-ID).");
        }
        Set<Long> seen = new HashSet<>();
        for (Dependency d : spec.after()) {
            if (!seen.add(d.taskId())) {
                continue;
            }
            Optional<TaskRecord> parent = store.find(d.taskId());
            if (parent.isEmpty()) {
                return Optional.of("There is no task " + d.taskId() + " to wait for (--" + d.kind().option() + " " + d.taskId()
                        + "); name a task or array from `taskgrid history`.");
            }
        }
        return Optional.empty();
    }
}

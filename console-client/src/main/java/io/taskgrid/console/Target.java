package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;

/**
 * What a task reference names once the controller was asked: one task (a plain task, or a member named as
 * {@code 42.7}), or a whole array (its id, {@code 42}).
 */
sealed interface Target {
    /** The task named, or the array's first member. */
    TaskRecord record();

    /** One task. */
    record One(TaskRecord record) implements Target {
    }

    /** Every member of the array whose first member this is. */
    record WholeArray(TaskRecord record) implements Target {
        long arrayId() {
            return record.id();
        }
    }
}

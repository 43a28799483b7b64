package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.TaskRecord;

/**
 * Which queue a task waits in: tasks that the same agents can run wait together, so the head of each queue is the
 * only task of it that placement looks at, and a task no free agent can take never holds back another queue's.
 * A value, so that more of what decides placement (the submitting user, for fair share) can join it.
 *
 * @param language     the task's language
 * @param requirements the agent labels it requires and avoids
 */
record QueueKey(Language language, Requirements requirements) {
    static QueueKey of(TaskRecord r) {
        return new QueueKey(r.language(), r.requirements());
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;

/**
 * Which queue a task waits in: tasks that the same agents can run wait together, so the head of each queue is the
 * only task of it that placement looks at, and a task no free agent can take never holds back another queue's.
 * Each user's tasks wait apart, so that fair share can put one user's head before another's.
 *
 * @param language     the task's language
 * @param requirements the agent labels it requires and avoids
 * @param user         who submitted it ({@code null} where nobody is named)
 * @param resources    the CPUs and memory it asks for: an agent with room for one task may lack room for a larger one
 */
record QueueKey(Language language, Requirements requirements, String user, Resources resources) {
    static QueueKey of(TaskRecord r) {
        return new QueueKey(r.language(), r.requirements(), r.clientUser(), r.resources());
    }

    /** A key of tasks that ask for the default resources. */
    QueueKey(Language language, Requirements requirements, String user) {
        this(language, requirements, user, Resources.DEFAULT);
    }

    /** The same agents can take the tasks of both keys (sizes aside: they compete for the same agents). */
    boolean sameAgents(QueueKey other) {
        return language == other.language && requirements.equals(other.requirements);
    }

    /** The key with what placement depends on only: for a queue blocked for want of an agent, all users' are. */
    QueueKey agents() {
        return user == null ? this : new QueueKey(language, requirements, null, resources);
    }
}

package io.taskgrid.api.agent;

import java.io.Serializable;

/**
 * An attempt an agent holds (running, or waiting for one of its slots), as it names it when it registers again, so
 * that the controller can tell which of them are still its own.
 *
 * @param taskId  the task
 * @param attempt its attempt number
 * @param token   the attempt's token (see {@link TaskAssignment#token})
 */
public record HeldAttempt(long taskId, int attempt, long token) implements Serializable {
    /** What an agent holds of an assignment. */
    public static HeldAttempt of(TaskAssignment task) {
        return new HeldAttempt(task.taskId(), task.attempt(), task.token());
    }

    /** The attempt an outcome belongs to. */
    public static HeldAttempt of(TaskOutcome outcome) {
        return new HeldAttempt(outcome.taskId(), outcome.attempt(), outcome.token());
    }
}

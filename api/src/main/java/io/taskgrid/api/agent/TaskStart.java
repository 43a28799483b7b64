package io.taskgrid.api.agent;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An agent's report that the program of one attempt of a task started.
 *
 * @param taskId    the task
 * @param attempt   its attempt
 * @param startedAt when the program was started, by the agent's clock
 */
public record TaskStart(long taskId, int attempt, Instant startedAt) implements Serializable {
    public TaskStart {
        Objects.requireNonNull(startedAt, "startedAt");
    }
}

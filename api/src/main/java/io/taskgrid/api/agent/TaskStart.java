package io.taskgrid.api.agent;

import io.taskgrid.api.CompactForm;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An agent's report that the program of one attempt of a task started.
 *
 * @param taskId    the task
 * @param attempt   its attempt
 * @param token     the attempt's token (see {@link TaskAssignment#token})
 * @param startedAt when the program was started, by the agent's clock
 */
public record TaskStart(long taskId, int attempt, long token, Instant startedAt) implements Serializable {
    public TaskStart {
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** Sent over the network in the compact form, which writes no class description per call (see {@link CompactForm}). */
    @Serial
    private Object writeReplace() {
        return CompactForm.of(this);
    }
}

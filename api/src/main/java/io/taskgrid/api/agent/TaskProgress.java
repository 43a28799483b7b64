package io.taskgrid.api.agent;

import io.taskgrid.api.task.ResourceUsage;

import java.io.Serializable;
import java.util.Objects;

/**
 * Latest measured use of one running task, as carried by a heartbeat; {@code token} names the attempt (see
 * {@link TaskAssignment#token}), so that the controller notices an attempt it no longer gives to this agent.
 */
public record TaskProgress(long taskId, long token, ResourceUsage usage) implements Serializable {
    public TaskProgress {
        Objects.requireNonNull(usage, "usage");
    }
}

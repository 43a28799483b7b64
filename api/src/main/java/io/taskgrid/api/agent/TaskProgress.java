package io.taskgrid.api.agent;

import io.taskgrid.api.task.ResourceUsage;

import java.io.Serializable;
import java.util.Objects;

/** Latest measured use of one running task, as carried by a heartbeat. */
public record TaskProgress(long taskId, ResourceUsage usage) implements Serializable {
    public TaskProgress {
        Objects.requireNonNull(usage, "usage");
    }
}

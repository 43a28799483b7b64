package io.taskgrid.api.event;

import io.taskgrid.api.task.TaskRecord;

import java.time.Instant;
import java.util.Objects;

/** A task changed (state, agent, usage); the task is sent without its output excerpts. */
public record TaskEvent(long sequence, Instant at, TaskRecord task) implements GridEvent {
    public TaskEvent {
        Objects.requireNonNull(task, "task");
    }
}

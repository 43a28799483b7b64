package io.taskgrid.agent.execution;

import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;

import java.time.Instant;

/**
 * Where the runner reports what happened to a task. Implementations must return quickly (queue the
 * report): they are called on task threads.
 */
public interface ReportSink {
    void taskStarted(TaskAssignment task, Instant startedAt);

    void taskFinished(TaskOutcome outcome);
}

package io.taskgrid.agent.execution;

import io.taskgrid.api.agent.TaskOutcome;

import java.time.Instant;

/**
 * Where the runner reports what happened to a task. Implementations must return quickly (queue the
 * report): they are called on task threads.
 */
public interface ReportSink {
    void taskStarted(long taskId, int attempt, Instant startedAt);

    void taskFinished(TaskOutcome outcome);
}

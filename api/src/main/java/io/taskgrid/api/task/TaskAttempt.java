package io.taskgrid.api.task;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One run of a task on one agent, as the history keeps it. A task that lost its agent is run again with the
 * next attempt number; each run is one of these.
 *
 * @param taskId    the task
 * @param attempt   1 for the first run, then 2, 3 …
 * @param agentId   the agent that ran it
 * @param agentHost that agent's host
 * @param startedAt when the controller sent it (corrected to the program's start when the agent reported it)
 * @param endedAt   when this run ended, or {@code null} while it runs
 * @param state     how this run ended: SUCCEEDED, FAILED, CANCELLED, or QUEUED when the task went back to the
 *                  queue (its agent was lost or did not take it); RUNNING while it runs
 * @param message   why it ended so (e.g. "Agent agent-a was lost"), or {@code null}
 */
public record TaskAttempt(long taskId, int attempt, String agentId, String agentHost, Instant startedAt,
                          Instant endedAt, TaskState state, String message) implements Serializable {
    public TaskAttempt {
        Objects.requireNonNull(state, "state");
        if (attempt < 1) {
            throw new IllegalArgumentException("An attempt number starts at 1, not " + attempt);
        }
    }
}

package io.taskgrid.api.agent;

import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskState;

import io.taskgrid.api.CompactForm;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * How a task ended on an agent.
 *
 * @param taskId      task id
 * @param attempt     the attempt this outcome belongs to
 * @param token       the attempt's token (see {@link TaskAssignment#token}): an outcome of any other token than the
 *                    controller's current one for the task is refused and logged
 * @param state       SUCCEEDED, FAILED or CANCELLED; QUEUED for a task the agent gives back without starting it (one it
 *                    got in the answer to a report but could not take, see {@link AgentSession#reportAndTake}), or,
 *                    with {@code startedAt} set, one it stopped because it could not renew its lease (see
 *                    {@link AgentSession#leaseMillis}): it runs again, as the next attempt
 * @param exitCode    the program's exit code, or {@code null} when it never ran or was killed
 * @param output      bounded excerpt of stdout
 * @param errorOutput bounded excerpt of stderr
 * @param message     one sentence: why it failed (syntax error with the interpreter's line, timeout, …), or {@code null}
 * @param startedAt   when the program started (or the check began)
 * @param endedAt     when it ended
 * @param resultPath  result folder relative to the shared root, or {@code null} if none could be written
 * @param usage       final measured use of the process tree
 */
public record TaskOutcome(long taskId, int attempt, long token, TaskState state, Integer exitCode, String output,
                          String errorOutput, String message, Instant startedAt, Instant endedAt,
                          String resultPath, ResourceUsage usage) implements Serializable {
    public TaskOutcome {
        Objects.requireNonNull(state, "state");
        if (state != TaskState.SUCCEEDED && state != TaskState.FAILED && state != TaskState.CANCELLED
                && state != TaskState.QUEUED) {
            throw new IllegalArgumentException("An outcome is SUCCEEDED, FAILED, CANCELLED or QUEUED (given back), not " + state);
        }
        usage = usage == null ? ResourceUsage.NONE : usage;
    }

    /** Sent over the network in the compact form, which writes no class description per call (see {@link CompactForm}). */
    @Serial
    private Object writeReplace() {
        return CompactForm.of(this);
    }

    /** An attempt the agent stopped because it could not renew its lease: the controller runs the task again. */
    public static TaskOutcome stoppedForLease(long taskId, int attempt, long token, Instant startedAt, Instant endedAt,
                                              String why) {
        return new TaskOutcome(taskId, attempt, token, TaskState.QUEUED, null, "", "", why,
                Objects.requireNonNull(startedAt, "startedAt"), endedAt, null, ResourceUsage.NONE);
    }

    /** Whether this is an attempt stopped for its lease rather than a task given back unstarted. */
    public boolean stoppedForLease() {
        return state == TaskState.QUEUED && startedAt != null;
    }

    /** A task the agent held for a slot, cancelled before it started. */
    public static TaskOutcome cancelledBeforeStart(TaskAssignment task, String why, Instant at) {
        return new TaskOutcome(task.taskId(), task.attempt(), task.token(), TaskState.CANCELLED, null, "", "", why, null, at,
                null, ResourceUsage.NONE);
    }

    /** A task the agent gives back without starting it: it goes back to the queue, on the same attempt. */
    public static TaskOutcome givenBack(TaskAssignment task, String why) {
        return new TaskOutcome(task.taskId(), task.attempt(), task.token(), TaskState.QUEUED, null, "", "", why, null, null, null,
                ResourceUsage.NONE);
    }
}

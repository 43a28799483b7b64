package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Clock;
import java.util.Optional;

/**
 * Cancelling a task the scheduler holds: one that waits (in the queue, held, for a retry, or for what it depends on)
 * ends at once; the agent of one it holds is asked, and the task ends when the agent reports it. Scheduler thread.
 */
final class Cancels {
    private final Pool pool;
    private final Lifecycle lifecycle;
    private final AgentChannel channel;
    private final Clock clock;
    private final Runnable dispatch;

    Cancels(Pool pool, Lifecycle lifecycle, AgentChannel channel, Clock clock, Runnable dispatch) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.channel = channel;
        this.clock = clock;
        this.dispatch = dispatch;
    }

    /**
     * Cancels task {@code taskId} if the scheduler holds it, and dispatches: what waited for it, or for room in its
     * array, may go now. Returns the task as it is now; empty when the scheduler does not hold it.
     */
    Optional<TaskRecord> cancelHeld(long taskId) {
        Job j = pool.jobs.get(taskId);
        if (j == null) {
            return Optional.empty();
        }
        TaskRecord now = cancel(j);
        dispatch.run();
        return Optional.of(now);
    }

    /** Cancels {@code j}; returns the task as it is now (ended, or still with its agent, which was asked). */
    TaskRecord cancel(Job j) {
        TaskRecord r = j.record;
        switch (j.phase()) {
            case RETRY_WAIT -> {
                pool.retryWaits.remove(j);
                lifecycle.end(j, r.toBuilder().state(TaskState.CANCELLED).endedAt(clock.instant()).retryAt(null)
                        .message("Cancelled while it waited to be retried, after " + RetryRule.attempts(r.attempt() - 1) + ".")
                        .build());
                return j.record;
            }
            case WAITING -> {
                lifecycle.end(j, r.toBuilder().state(TaskState.CANCELLED).endedAt(clock.instant()).heldBy(null)
                        .message("Cancelled while it waited for " + (r.after().isEmpty() ? "room in its array" : "other tasks")
                                + ".").build());
                return j.record;
            }
            case QUEUED, HELD -> {
                pool.dequeue(j);
                lifecycle.end(j, r.toBuilder().state(TaskState.CANCELLED).endedAt(clock.instant()).heldBy(null)
                        .message(j.phase() == Phase.HELD ? "Cancelled while held." : "Cancelled while queued.").build());
                return j.record;
            }
            case ENDED -> {
                return j.record;
            }
            default -> {
                j.cancelRequested = true;
                AgentState a = r.agentId() == null ? null : pool.agents.get(r.agentId());
                if (a == null) {
                    lifecycle.cancelDirectly(j, "Cancelled; its agent " + r.agentId() + " is not connected.");
                    dispatch.run();
                    return j.record;
                }
                send(a, j.record);
                return j.record;
            }
        }
    }

    /** Asks agent {@code a} to stop task {@code r}; once it knows it, if the task was just sent in a reply. */
    void send(AgentState a, TaskRecord r) {
        if (a.inReply.contains(r.id())) { // the agent does not know it yet: it would answer "not running"
            a.cancelsAfterReply.add(r);
            return;
        }
        long id = r.id();
        Job live = pool.jobs.get(id);
        if (live == null) { // ended while the cancel waited for the agent's answer
            return;
        }
        channel.cancel(a, id, live.attemptToken);
    }
}

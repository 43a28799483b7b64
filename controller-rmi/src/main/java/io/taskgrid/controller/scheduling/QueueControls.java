package io.taskgrid.controller.scheduling;

import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.history.TaskHistory;

/**
 * What owners and administrators change about a task that waits in the queue: its priority, and whether it is held.
 * Only a task on no agent can change (one sent ahead is the agent's to start). Who may ask is checked by the caller.
 * Runs on the scheduler thread.
 */
final class QueueControls {
    private final Pool pool;
    private final Lifecycle lifecycle;
    private final CommandLoop loop;
    private final TaskHistory store;
    private final Runnable dispatch;

    QueueControls(Pool pool, Lifecycle lifecycle, CommandLoop loop, TaskHistory store, Runnable dispatch) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.loop = loop;
        this.store = store;
        this.dispatch = dispatch;
    }

    Answer<TaskRecord> reprioritize(long taskId, int priority) {
        Job j = pool.jobs.get(taskId);
        Answer<TaskRecord> refused = refusalUnlessWaiting(j, taskId, "priority can change");
        if (refused != null) {
            return refused;
        }
        if (j.record.priority() != priority) {
            boolean queued = j.phase() == Phase.QUEUED;
            if (queued) {
                pool.dequeue(j); // its place in the queue depends on the priority
            }
            j.record = j.record.toBuilder().priority(priority).build();
            if (queued) {
                pool.addToQueue(j);
            }
            changed(j);
        }
        return Answer.of(j.record);
    }

    Answer<TaskRecord> hold(long taskId, String by) {
        Job j = pool.jobs.get(taskId);
        Answer<TaskRecord> refused = refusalUnlessWaiting(j, taskId, "start can be held back");
        if (refused != null) {
            return refused;
        }
        if (j.phase() == Phase.RETRY_WAIT) {
            return Answer.refusedFor(new InvalidRequestException("Task " + taskId + " waits for the delay before its retry "
                    + j.record.retriesUsed() + "; hold it once it is back in the queue, or cancel it."));
        }
        if (j.phase() == Phase.QUEUED) {
            pool.dequeue(j);
            j.record = j.record.toBuilder().heldBy(by).build();
            j.moveTo(Phase.HELD);
            changed(j);
        } else if (j.phase() == Phase.WAITING && j.record.heldBy() == null) {
            j.record = j.record.toBuilder().heldBy(by).build(); // it goes to HELD instead of its queue when its turn comes
            changed(j);
        }
        return Answer.of(j.record);
    }

    Answer<TaskRecord> release(long taskId) {
        Job j = pool.jobs.get(taskId);
        if (j != null && j.phase() == Phase.HELD) {
            j.record = j.record.toBuilder().heldBy(null).build();
            j.moveTo(Phase.QUEUED);
            pool.addToQueue(j);
            changed(j);
            return Answer.of(j.record);
        }
        if (j != null && j.phase() == Phase.WAITING && j.record.heldBy() != null) {
            j.record = j.record.toBuilder().heldBy(null).build();
            changed(j);
            return Answer.of(j.record);
        }
        Answer<TaskRecord> refused = refusalUnlessWaiting(j, taskId, "start can be held back or released");
        return refused != null ? refused : Answer.of(j.record);
    }

    private void changed(Job j) {
        loop.persist(j.record);
        lifecycle.announce(j.record);
        dispatch.run();
    }

    /** Why the task cannot change now (ended, unknown, or with an agent), or {@code null} when it waits in the queue. */
    private Answer<TaskRecord> refusalUnlessWaiting(Job j, long taskId, String what) {
        if (j == null) {
            return Answer.refusedFor(store.find(taskId).<io.taskgrid.api.TaskGridException>map(t -> new InvalidRequestException(
                    "Task " + taskId + " has ended (" + t.state().label() + "); only a queued task's " + what + "."))
                    .orElse(new NoSuchTaskException(taskId)));
        }
        if (j.phase() != Phase.QUEUED && j.phase() != Phase.HELD && j.phase() != Phase.RETRY_WAIT && j.phase() != Phase.WAITING) {
            return Answer.refusedFor(new InvalidRequestException("Task " + taskId + " is already with agent " + j.record.agentId()
                    + (j.phase().ahead() ? ", waiting there for a slot" : "") + "; only a queued task's " + what + "."));
        }
        return null;
    }
}

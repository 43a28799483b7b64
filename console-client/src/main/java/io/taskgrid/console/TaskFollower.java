package io.taskgrid.console;

import io.taskgrid.client.ClientException;
import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows one task until it ends, through the controller's event long-poll: no sleeping, no polling
 * loop. The task is re-read when an event names it, when the controller says events were missed, and
 * when a long-poll ends empty (a backstop against a change that slipped between two calls).
 */
final class TaskFollower {
    static final Duration LONG_POLL = Duration.ofSeconds(10);

    private final ControllerGateway gateway;
    private final Duration longPoll;

    TaskFollower(ControllerGateway gateway, Duration longPoll) {
        this.gateway = gateway;
        this.longPoll = longPoll;
    }

    /**
     * Follows the task; {@code onChange} sees it first as it is now, then each time its state changes.
     *
     * @return the task in its final state (with its output excerpts)
     * @throws FollowInterruptedException when the thread was interrupted
     */
    TaskRecord follow(long taskId, Consumer<TaskRecord> onChange) {
        return follow(taskId, onChange, null);
    }

    /**
     * Like {@link #follow(long, Consumer)}, but gives up after {@code limit} (when not {@code null}) and
     * returns the task as it is then, possibly not ended.
     */
    TaskRecord follow(long taskId, Consumer<TaskRecord> onChange, Duration limit) {
        return follow(taskId, onChange, limit, t -> t.state().isFinal());
    }

    /**
     * Like {@link #follow(long, Consumer)}, but stops as soon as the task has left the queue: when it runs, or ended
     * without running.
     *
     * @return the task as it is then, running or ended
     */
    TaskRecord followUntilStarted(long taskId, Consumer<TaskRecord> onChange) {
        return follow(taskId, onChange, null, t -> t.state().isFinal() || t.state() == TaskState.RUNNING);
    }

    private TaskRecord follow(long taskId, Consumer<TaskRecord> onChange, Duration limit, Predicate<TaskRecord> over) {
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        // Take the cursor first, then read the task: every change after the read comes as an event.
        long cursor = gateway.events(0, Duration.ZERO).lastSequence();
        TaskRecord task = gateway.task(taskId);
        onChange.accept(task);
        while (!over.test(task)) {
            if (Thread.currentThread().isInterrupted()) {
                throw new FollowInterruptedException(taskId);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return task;
            }
            Duration wait = limit == null ? longPoll : Duration.ofNanos(Math.min(remaining, longPoll.toNanos()));
            EventBatch batch = gateway.events(cursor, wait);
            cursor = Math.max(cursor, batch.lastSequence());
            if (batch.missed() || batch.events().isEmpty() || names(batch, taskId)) {
                TaskRecord fresh = gateway.task(taskId);
                if (fresh.state() != task.state() || fresh.attempt() != task.attempt()) {
                    onChange.accept(fresh);
                }
                task = fresh;
            }
        }
        return task;
    }

    private static boolean names(EventBatch batch, long taskId) {
        for (GridEvent e : batch.events()) {
            if (e instanceof TaskEvent te && te.task().id() == taskId) {
                return true;
            }
        }
        return false;
    }

    /** The person stopped following (Ctrl-C, or the thread was interrupted); the task goes on. */
    static final class FollowInterruptedException extends ClientException {
        private static final long serialVersionUID = 1L;

        FollowInterruptedException(long taskId) {
            super("Stopped following task " + taskId + "; it goes on. Follow it again: taskgrid watch " + taskId, null);
        }
    }
}

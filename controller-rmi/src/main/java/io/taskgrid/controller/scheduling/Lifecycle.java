package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.events.EventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Every move of an attempt ({@link Phase}) with what goes with it: the slot and the process count it takes or frees,
 * what the history gets (the task's record; an attempt's row when it ends) and what the clients are told, in that order,
 * through the {@link CommandLoop}'s group commit. Runs on the scheduler thread; it decides nothing about placement.
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final Pool pool;
    private final CommandLoop loop;
    private final EventHub hub;
    private final Clock clock;
    private final Consumer<TaskRecord> ended;
    private final Consumer<TaskRecord> followUp;

    /**
     * @param ended    told, after the commit, of every task that reached a final state (it queues the mail report); of an
     *                 array, only of the member that ended last ({@link #report})
     * @param followUp told at once of every task that reached a final state (what waits for it is looked at again)
     */
    Lifecycle(Pool pool, CommandLoop loop, EventHub hub, Clock clock, Consumer<TaskRecord> ended, Consumer<TaskRecord> followUp) {
        this.pool = pool;
        this.loop = loop;
        this.hub = hub;
        this.clock = clock;
        this.ended = ended;
        this.followUp = followUp;
    }

    /** The job runs on {@code a} from now: in a slot it was dispatched to, or the first of those sent ahead. */
    void markRunning(Job j, AgentState a) {
        a.ahead.remove(j.id());
        TaskRecord r = j.record.toBuilder().state(TaskState.RUNNING).agentId(a.id).agentHost(a.host)
                .startedAt(clock.instant()).message(null).build();
        loop.persist(r); // its attempt is written when it ends: until then the task's own row tells it (TaskStore.attempts)
        j.record = r;
        j.moveTo(Phase.RUNNING);
        j.countedUntil = null; // a new run: counted from its start
        a.addRunning(j);
        pool.free.refresh(a);
        pool.countRunning(j);
        announce(r);
    }

    /** Moves tasks sent ahead into the agent's free slots, first sent first: the agent starts them in that order. */
    void promoteAhead(AgentState a) {
        while (!a.ahead.isEmpty() && !a.slotsFull()) {
            Long next = a.ahead.iterator().next();
            Job j = pool.jobs.get(next);
            if (j == null || j.phase() != Phase.AHEAD) {
                a.ahead.remove(next);
                continue;
            }
            markRunning(j, a);
        }
    }

    /**
     * A task its agent never started (it did not take it, or gave it back) goes back to the queue on the same attempt,
     * whether it waited ahead there or already counted as running in a slot the controller saw free.
     */
    void backUnstarted(Job j, String why) {
        if (j.phase().ahead()) {
            returnToQueue(j, why);
        } else if (j.cancelRequested) {
            end(j, j.record.toBuilder().state(TaskState.CANCELLED).endedAt(clock.instant()).message("Cancelled before it started.").build());
        } else {
            closeAttempt(j, TaskState.QUEUED, why, clock.instant(), null);
            release(j);
            j.record = j.record.toBuilder().state(TaskState.QUEUED).agentId(null).agentHost(null).startedAt(null).build();
            j.moveTo(Phase.QUEUED);
            loop.persist(j.record);
            announce(j.record);
            pool.addToQueue(j);
        }
    }

    void cancelDirectly(Job j, String message) {
        end(j, j.record.toBuilder().state(TaskState.CANCELLED).endedAt(clock.instant()).message(message).usage(j.usage).build());
    }

    /** Removes a running job from its agent's slots and the global count (no persistence). */
    void release(Job j) {
        if (!j.phase().runs()) {
            return;
        }
        AgentState a = j.record.agentId() == null ? null : pool.agents.get(j.record.agentId());
        pool.uncountRunning(j);
        if (a != null) {
            a.removeRunning(j);
            promoteAhead(a);
            pool.free.refresh(a);
        }
    }

    /** Persists a final state, frees the slot, forgets the job, announces. */
    void end(Job j, TaskRecord finalRecord) {
        pool.unreserve(j);
        if (j.phase().runs()) {
            closeAttempt(j, finalRecord.state(), finalRecord.message(), finalRecord.endedAt(), finalRecord.startedAt());
            release(j);
        } else if (j.phase().ahead()) {
            leaveAhead(j);
        }
        loop.persist(finalRecord);
        j.record = finalRecord;
        j.moveTo(Phase.ENDED);
        pool.jobs.remove(j.id());
        announce(finalRecord);
        if (!finalRecord.inArray()) {
            report(finalRecord); // an array is reported once, when its last member ends
        }
        followUp.accept(finalRecord);
    }

    /** Hands an ended task (or the last member of an array to end) to the mail reports, after the commit. */
    void report(TaskRecord finalRecord) {
        // After the commit, like the announcement: a report must never describe a state the history lacks.
        loop.afterCommit(() -> {
            try {
                ended.accept(finalRecord);
            } catch (RuntimeException e) {
                LOG.error("Handing task {} to the mail reports failed; no report will be sent for it", finalRecord.id(), e);
            }
        });
    }

    /** A task that waited ({@link Phase#WAITING}) goes to its queue, or is held there when someone held it meanwhile. */
    void fromWaiting(Job j) {
        if (j.phase() == Phase.WAITING) {
            j.moveTo(j.record.heldBy() != null ? Phase.HELD : Phase.QUEUED);
        }
        pool.enqueue(j);
    }

    /**
     * A run that failed in a way its retry policy covers ({@link RetryRule}): the attempt is closed with the reason, and
     * the task waits, as the next attempt, for the delay before it goes back to its queue ({@link Phase#RETRY_WAIT}).
     * No mail: the report goes when the task finally ends. {@code failed} is the task as the run ended it.
     */
    void waitToRetry(Job j, TaskRecord failed) {
        Instant now = clock.instant();
        int retry = failed.retriesUsed() + 1;
        Instant at = now.plus(failed.retry().delay());
        String reason = RetryRule.retryReason(failed, retry, at, now);
        closeAttempt(j, TaskState.FAILED, reason, failed.endedAt(), failed.startedAt());
        release(j);
        j.usage = null;
        j.progressAnnouncedAt = null;
        j.record = failed.toBuilder().state(TaskState.QUEUED).attempt(failed.attempt() + 1).retriesUsed(retry).retryAt(at)
                .agentId(null).agentHost(null).startedAt(null).endedAt(null).message(reason).build();
        j.moveTo(Phase.RETRY_WAIT);
        loop.persist(j.record);
        announce(j.record);
        pool.retryWaits.add(j);
    }

    /** A task whose delay before its retry has passed goes back to its queue, in its place by priority and user. */
    void backFromRetryWait(Job j) {
        j.record = j.record.toBuilder().retryAt(null).build();
        j.moveTo(Phase.QUEUED);
        loop.persist(j.record);
        announce(j.record);
        pool.addToQueue(j);
    }

    void requeueOrFail(Job j, String why) {
        if (j.phase().ahead()) {
            returnToQueue(j, why);
            return;
        }
        TaskState next = j.cancelRequested ? TaskState.CANCELLED
                : j.record.attempt() >= Scheduler.MAX_ATTEMPTS ? TaskState.FAILED : TaskState.QUEUED;
        closeAttempt(j, next, why, clock.instant(), null);
        release(j);
        j.record = j.record.toBuilder().state(TaskState.QUEUED).build(); // released; now decide
        // No longer waits for its agent: its lease deadline goes with that (left set, it once came on the next attempt
        // and declared that one lost while it ran, issue 19).
        j.moveTo(Phase.QUEUED);
        if (j.cancelRequested) {
            end(j, j.record.toBuilder().state(TaskState.CANCELLED).endedAt(clock.instant()).message("Cancelled; " + why + ".").build());
            return;
        }
        if (j.record.attempt() >= Scheduler.MAX_ATTEMPTS) {
            end(j, j.record.toBuilder().state(TaskState.FAILED).endedAt(clock.instant()).usage(j.usage)
                    .message(why + " while running it, " + Scheduler.MAX_ATTEMPTS + " times; submit it again once the agents are stable.")
                    .build());
            return;
        }
        j.usage = null;
        j.progressAnnouncedAt = null;
        j.record = j.record.toBuilder().attempt(j.record.attempt() + 1).agentId(null).agentHost(null).startedAt(null)
                .message(why + "; attempt " + (j.record.attempt() + 1) + " of " + Scheduler.MAX_ATTEMPTS + " waits for an agent.").build();
        loop.persist(j.record);
        announce(j.record);
        pool.addToQueue(j);
    }

    /**
     * A task sent ahead that goes back to the queue: it never started, so it keeps its attempt; a late outcome of it
     * from the old agent is told apart by the agent it names.
     */
    void returnToQueue(Job j, String why) {
        leaveAhead(j);
        if (j.cancelRequested) {
            end(j, j.record.toBuilder().agentId(null).agentHost(null).state(TaskState.CANCELLED).endedAt(clock.instant())
                    .message("Cancelled before it started.").build());
            return;
        }
        j.record = j.record.toBuilder().agentId(null).agentHost(null)
                .message(why + "; it had not started and waits for an agent again.").build();
        j.moveTo(Phase.QUEUED);
        loop.persist(j.record);
        announce(j.record);
        pool.addToQueue(j);
    }

    /** Takes a task sent ahead off its agent's queue (no persistence). */
    void leaveAhead(Job j) {
        AgentState a = j.record.agentId() == null ? null : pool.agents.get(j.record.agentId());
        if (a != null && a.ahead.remove(j.id())) {
            pool.free.refresh(a);
        }
    }

    /**
     * An agent starts a task it holds ahead by itself as soon as a slot frees; the controller counts it as running only
     * once the outcome that freed the slot is in. An agent that restarted (or the whole of taskgrid local, kill -9)
     * between the two may have run it: it counts as an attempt then, so that its next run is never recorded as its
     * first again (issue 19: "show" listed attempt 1 twice). Only in memory: {@link #requeueOrFail} persists.
     */
    void countAsStarted(Job j) {
        leaveAhead(j);
        j.record = j.record.toBuilder().state(TaskState.RUNNING)
                .startedAt(j.record.startedAt() != null ? j.record.startedAt() : clock.instant()).build();
        j.moveTo(Phase.RUNNING);
        pool.countRunning(j);
    }

    /**
     * Records how the current run of a running job ended: {@code state} is what became of the task (QUEUED when it
     * goes back to the queue), {@code startedAt} the program's start when the agent reported it.
     */
    void closeAttempt(Job j, TaskState state, String why, Instant endedAt, Instant startedAt) {
        TaskRecord r = j.record;
        if (!j.phase().runs()) {
            return;
        }
        loop.persistAttempt(new TaskAttempt(r.id(), r.attempt(), r.agentId(), r.agentHost(),
                startedAt != null ? startedAt : r.startedAt(), endedAt != null ? endedAt : clock.instant(), state, why));
    }

    /** Tells the clients about a task's new state, once it is committed. */
    void announce(TaskRecord r) {
        loop.afterCommit(() -> hub.publishTask(r));
    }
}

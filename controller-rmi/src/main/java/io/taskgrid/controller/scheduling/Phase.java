package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.TaskState;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where the current attempt of a task the scheduler holds stands: the attempt's lifecycle, with every allowed move
 * in {@link #canMoveTo}. The history keeps only the task's state: a task held ahead, or on an agent the
 * controller does not hear from, is QUEUED or RUNNING there, with the agent it names.
 */
enum Phase {
    /** In the queue, on no agent. */
    QUEUED,
    /** Queued but kept from starting by its owner or an administrator, outside the queue until released. */
    HELD,
    /** Sent to an agent whose slots are all taken: it starts there, by itself, as soon as one frees. */
    AHEAD,
    /** In a slot of its agent. */
    RUNNING,
    /**
     * Held ahead by an agent the controller does not hear from (lost, or not back since the controller restarted): it
     * may start there until that agent's lease ends, so it waits for the agent to come back or for the lease to end.
     */
    AHEAD_UNHEARD,
    /** Running on an agent the controller does not hear from, as above: it runs again only once the lease ended. */
    RUNNING_UNHEARD,
    /**
     * Failed in a way its retry policy covers, with retries left: outside the queue, on no agent, until the delay
     * before the retry has passed ({@link io.taskgrid.api.task.TaskRecord#retryAt}, which the history keeps, so that a
     * restarted controller waits for the same time). The history holds it as QUEUED with the next attempt number.
     */
    RETRY_WAIT,
    /**
     * Waits outside the queue for the tasks it depends on ({@code submit --after}) or for room in its array's limit
     * ({@code --array 1-100%5}), in {@link Workflow}; the history holds it as QUEUED, and a restarted controller finds
     * the same again from the dependencies and arrays it keeps.
     */
    WAITING,
    /** Reached a final state; the scheduler forgets it. */
    ENDED;

    /** Whether the lifecycle allows moving from this phase to {@code next}; one place for all of it. */
    boolean canMoveTo(Phase next) {
        return switch (this) {
            // Sent to a free slot or ahead; cancelled while queued; kept out of the queue when it comes in (submitted or
            // recovered) with what it waits for.
            case QUEUED -> next == AHEAD || next == RUNNING || next == HELD || next == WAITING || next == ENDED;
            // Released back into the queue; cancelled while held; submitted held with what it waits for.
            case HELD -> next == QUEUED || next == WAITING || next == ENDED;
            // What it waited for came (to its queue, or held when someone held it meanwhile); cancelled, or what it
            // waited for can no longer come.
            case WAITING -> next == QUEUED || next == HELD || next == ENDED;
            // A slot freed (or it ran before the report that freed one came); taken or given back unstarted; its agent
            // fell silent; cancelled, or it ended before the controller saw it start.
            case AHEAD -> next == RUNNING || next == QUEUED || next == AHEAD_UNHEARD || next == ENDED;
            // Its outcome; a failure it is retried for; back to the queue (next attempt, or never started); its agent
            // fell silent.
            case RUNNING -> next == ENDED || next == RETRY_WAIT || next == QUEUED || next == RUNNING_UNHEARD;
            // The delay passed: back to its queue with its priority and user; cancelled while it waited.
            case RETRY_WAIT -> next == QUEUED || next == ENDED;
            // Its agent came back with it; not with it, or the lease ended (it may have started: next attempt).
            case AHEAD_UNHEARD -> next == AHEAD || next == RUNNING || next == QUEUED || next == ENDED;
            case RUNNING_UNHEARD -> next == RUNNING || next == QUEUED || next == ENDED;
            case ENDED -> false;
        };
    }

    /** The phases this one may move to. */
    Set<Phase> next() {
        Set<Phase> next = EnumSet.noneOf(Phase.class);
        for (Phase p : values()) {
            if (canMoveTo(p)) {
                next.add(p);
            }
        }
        return next;
    }

    /** Whether an agent holds (or may hold) the attempt: it names that agent. */
    boolean onAgent() {
        return this == AHEAD || this == RUNNING || this == AHEAD_UNHEARD || this == RUNNING_UNHEARD;
    }

    /** Whether it counts against the process limit: its program runs, or may. */
    boolean runs() {
        return this == RUNNING || this == RUNNING_UNHEARD;
    }

    /** Whether it waits ahead of an agent's slots, heard from or not. */
    boolean ahead() {
        return this == AHEAD || this == AHEAD_UNHEARD;
    }

    /** Whether its agent is not heard from: it waits for that agent or for the end of its lease. */
    boolean unheard() {
        return this == AHEAD_UNHEARD || this == RUNNING_UNHEARD;
    }


    /**
     * The phase of a task as the history holds it: a new one is QUEUED (HELD when submitted held); after a restart,
     * one on an agent is not heard from until its agent comes back, and one that waited for a retry still waits for it.
     */
    static Phase fromHistory(io.taskgrid.api.task.TaskRecord r) {
        if (r.state() == TaskState.RUNNING) {
            return RUNNING_UNHEARD;
        }
        if (r.agentId() != null) {
            return AHEAD_UNHEARD;
        }
        if (r.retryAt() != null) {
            return RETRY_WAIT;
        }
        return r.heldBy() != null ? HELD : QUEUED;
    }
}

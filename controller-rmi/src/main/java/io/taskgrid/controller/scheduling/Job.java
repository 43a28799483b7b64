package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;

import java.time.Instant;
import java.util.Map;

/** A task the scheduler holds (queued or running). Confined to the scheduler thread. */
final class Job {
    TaskRecord record;
    /** Its queue; what it is made of never changes while the scheduler holds the task. */
    final QueueKey key;
    /** {@link QueueKey#agents} of its key, made once: what a head found blocked is looked up by. */
    final QueueKey agentsKey;
    private Phase phase;
    final ProgramSource program;
    /** The submitter's environment variables for the program. */
    final Map<String, String> environment;
    boolean cancelRequested;
    /** Latest usage from heartbeats, while running. */
    ResourceUsage usage;
    /** When its usage was last announced to clients (progress is coalesced to about one event a second). */
    Instant progressAnnouncedAt;
    /** While its agent is not heard from ({@link Phase#unheard}): when it goes back to the queue unless claimed. */
    Instant orphanDeadline;
    /** While its agent is not heard from after it was lost: when the controller last heard from that agent. */
    Instant silentSince;
    /**
     * The token of the attempt the controller gave out last (see {@link io.taskgrid.api.agent.TaskAssignment#token}):
     * only reports that name it are applied. {@link AttemptTokens#UNKNOWN} for one taken back from the history after a
     * restart until its agent claims it.
     */
    long attemptToken = AttemptTokens.UNKNOWN;
    /** Whether its agent listed the current attempt as held in a heartbeat (it got it). */
    boolean listedByAgent;
    /** Since when its agent's heartbeats leave the current attempt out (null while they list it). */
    Instant missingSince;
    /** Until when its current run was counted to its user's recent use (see {@link UsageLedger#accrue}); null: not yet. */
    Instant countedUntil;
    /** Held ahead by an agent that was asked to give it back to an idle agent; asked once. */
    boolean withdrawing;
    /** While queued: the agent kept for it until it fits there ({@link Pool#reserve}); {@code null} when none is. */
    AgentState reservedOn;

    Job(TaskRecord record, ProgramSource program, Map<String, String> environment) {
        this.record = record;
        this.key = QueueKey.of(record);
        this.agentsKey = key.agents();
        this.program = program;
        this.environment = environment;
        this.phase = Phase.fromHistory(record);
    }

    Phase phase() {
        return phase;
    }

    /** Moves its attempt on; a move {@link Phase#next} does not allow is a bug, and fails the command. */
    void moveTo(Phase next) {
        if (!phase.canMoveTo(next)) {
            throw new IllegalStateException("Task " + record.id() + " cannot go from " + phase + " to " + next);
        }
        if (!next.unheard()) {
            orphanDeadline = null;
            silentSince = null;
        }
        phase = next;
    }

    /** Whether its attempt is on (or waits ahead on) agent {@code agentId}, heard from or not. */
    boolean holdsOn(String agentId) {
        return phase.onAgent() && agentId.equals(record.agentId());
    }

    long id() {
        return record.id();
    }

    /** Whether {@code attemptToken} names the attempt of {@code j} that this controller gave to agent {@code a}. */
    static boolean current(Job j, AgentState a, long attemptToken) {
        return j != null && attemptToken != AttemptTokens.UNKNOWN && j.attemptToken == attemptToken && j.holdsOn(a.id)
                && !j.phase().unheard();
    }
}

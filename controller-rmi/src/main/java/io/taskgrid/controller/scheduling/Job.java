package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;

import java.time.Instant;
import java.util.Map;

/** A task the scheduler holds (queued or running). Confined to the scheduler thread. */
final class Job {
    TaskRecord record;
    final ProgramSource program;
    /** The submitter's environment variables for the program. */
    final Map<String, String> environment;
    boolean cancelRequested;
    /** Latest usage from heartbeats, while running. */
    ResourceUsage usage;
    /** When its usage was last announced to clients (progress is coalesced to about one event a second). */
    Instant progressAnnouncedAt;
    /** For a task found RUNNING at start with no agent yet: when it is re-queued unless claimed. */
    Instant orphanDeadline;
    /** For a task whose agent was lost while its lease held: when the controller last heard from that agent. */
    Instant silentSince;
    /**
     * The token of the attempt the controller gave out last (see {@link io.taskgrid.api.agent.TaskAssignment#token}):
     * only reports that name it are applied. {@link AttemptTokens#UNKNOWN} for one taken back from the history after a
     * restart until its agent claims it.
     */
    long attemptToken = AttemptTokens.UNKNOWN;
    /** Held ahead by an agent that was asked to give it back to an idle agent; asked once. */
    boolean withdrawing;

    Job(TaskRecord record, ProgramSource program, Map<String, String> environment) {
        this.record = record;
        this.program = program;
        this.environment = environment;
    }

    long id() {
        return record.id();
    }
}

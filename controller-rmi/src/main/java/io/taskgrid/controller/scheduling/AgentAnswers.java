package io.taskgrid.controller.scheduling;

import java.time.Clock;

/**
 * The scheduler's side of {@link AgentChannel}: what comes back from the calls this controller made to an agent (a
 * delivery not taken or maybe taken, a task given back, a cancel that did not reach its attempt). Kept off the
 * scheduler's public methods, which any thread may call; these run on the scheduler thread.
 */
final class AgentAnswers implements AgentChannel.Answers {
    private final Pool pool;
    private final Lifecycle lifecycle;
    private final AgentReports reports;
    private final Clock clock;
    private final Runnable dispatch;

    AgentAnswers(Pool pool, Lifecycle lifecycle, AgentReports reports, Clock clock, Runnable dispatch) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.reports = reports;
        this.clock = clock;
        this.dispatch = dispatch;
    }

    /**
     * Whether {@code a} is still the agent's session: an answer that comes back to a session that ended since (the
     * agent registered again) is settled by that registration, which took back what the agent did not claim.
     */
    private boolean ofTheCurrentSession(AgentState a) {
        return pool.agents.get(a.id) == a;
    }

    @Override
    public void notTaken(AgentState a, long taskId, long attemptToken, String why) {
        if (!ofTheCurrentSession(a)) {
            return;
        }
        reports.notTaken(a.id, a.token, taskId, attemptToken, why);
    }

    /**
     * An agent whose heartbeats list what it holds keeps the task until they show whether it has it (the reconcile
     * of the heartbeat): sent elsewhere at once, it could run twice at once. Another goes back to the queue.
     */
    @Override
    public void maybeTaken(AgentState a, long taskId, long attemptToken, String why) {
        if (!ofTheCurrentSession(a)) {
            return;
        }
        Job j = pool.jobs.get(taskId);
        if (!a.listsHeld || !Job.current(j, a, attemptToken)) {
            notTaken(a, taskId, attemptToken, why);
            return;
        }
        a.usable = false; // until its next heartbeat, as after any failed call
        pool.free.refresh(a);
        if (j.missingSince == null && !j.listedByAgent) {
            j.missingSince = clock.instant();
        }
    }

    /** The task an answer is about, when it answers the agent's current session about the current attempt. */
    private Job answered(AgentState a, long taskId, long attemptToken) {
        Job j = ofTheCurrentSession(a) ? pool.jobs.get(taskId) : null;
        return Job.current(j, a, attemptToken) ? j : null;
    }

    @Override
    public void givenBack(AgentState holder, long taskId, long attemptToken, String idleAgent) {
        Job j = answered(holder, taskId, attemptToken);
        if (j != null) {
            // Given back: it never started there, even when a slot freed meanwhile and the controller counted it as running.
            lifecycle.backUnstarted(j, "Taken back from agent " + holder.id + ", where it waited for a slot, for idle agent " + idleAgent);
            dispatch.run();
        }
    }

    @Override
    public void notCancelled(AgentState a, long taskId, long attemptToken, String message) {
        Job j = answered(a, taskId, attemptToken);
        if (j != null) {
            lifecycle.cancelDirectly(j, message);
            dispatch.run();
        }
    }
}

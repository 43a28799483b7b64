package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * What agents report of their attempts: a start, an outcome (with the decision whether a failed attempt is retried), a
 * task they did not take. A report is applied only for the task's current attempt token on that agent; any other is
 * logged and refused. Runs on the scheduler thread.
 */
final class AgentReports {
    private static final Logger LOG = LoggerFactory.getLogger(AgentReports.class);
    /** The most of a task's output and error output the history keeps, in characters. */
    static final int MAX_EXCERPT_CHARS = 64 * 1024;

    private final Pool pool;
    private final Lifecycle lifecycle;
    private final UsageLedger usage;
    private final RetryTimer retryTimer;
    private final Clock clock;
    private final Runnable dispatch;

    AgentReports(Pool pool, Lifecycle lifecycle, UsageLedger usage, RetryTimer retryTimer, Clock clock, Runnable dispatch) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.usage = usage;
        this.retryTimer = retryTimer;
        this.clock = clock;
        this.dispatch = dispatch;
    }

    /** Several reports of agent {@code a}: the outcomes first (they free slots), then the starts; dispatches after an outcome. */
    void report(AgentState a, List<TaskStart> starts, List<TaskOutcome> outcomes) {
        outcomes.forEach(o -> finished(a, o));
        starts.forEach(s -> started(a, s));
        if (!outcomes.isEmpty()) {
            dispatch.run();
        }
    }

    /** Agent {@code a} started an attempt: one it held ahead runs from now, with the agent's start time. */
    void started(AgentState a, TaskStart start) {
        Job j = pool.jobs.get(start.taskId());
        if (!Job.current(j, a, start.token())) {
            refused(a, "a start", start.taskId(), start.attempt(), start.token(), j);
            return;
        }
        if (j.phase() == Phase.AHEAD) { // the agent is ahead of the controller's view: a report of a free slot is late
            lifecycle.markRunning(j, a);
        }
        // Not persisted here: the RUNNING state is, with the dispatch time, and the next write of this task (its
        // outcome, which carries startedAt too) saves the agent's time. A controller that stops meanwhile loses
        // only this correction of a few milliseconds.
        j.record = j.record.toBuilder().startedAt(start.startedAt()).build();
    }

    /**
     * Agent {@code a} reports how an attempt ended: stopped (its lease ran out) it runs again, given back unstarted it
     * goes back to the queue, and otherwise it is retried as its retry policy says or ends.
     */
    private void finished(AgentState a, TaskOutcome outcome) {
        Job j = pool.jobs.get(outcome.taskId());
        if (!Job.current(j, a, outcome.token())) {
            refused(a, "an outcome (" + outcome.state() + ")", outcome.taskId(), outcome.attempt(), outcome.token(), j);
            return;
        }
        if (outcome.state() == TaskState.QUEUED && outcome.startedAt() != null) { // stopped: it could not renew its lease
            if (j.phase() == Phase.AHEAD) {
                lifecycle.markRunning(j, a);
            }
            LOG.info("Task {} attempt {} was stopped by agent {}: {}", j.id(), outcome.attempt(), a.id, outcome.message());
            lifecycle.requeueOrFail(j, outcome.message() == null ? "Agent " + a.id + " stopped it" : stripStop(outcome.message()));
            return;
        }
        if (outcome.state() == TaskState.QUEUED) { // given back from an answer, never started
            notTaken(a.id, a.token, j.id(), outcome.token(), outcome.message() == null ? "it gave the task back"
                    : outcome.message());
            return;
        }
        // Ended before the report that freed its slot arrived: it ran all the same (unless cancelled before it started).
        if (j.phase() == Phase.AHEAD && outcome.startedAt() != null) {
            lifecycle.markRunning(j, a);
        }
        TaskRecord.Builder b = j.record.toBuilder()
                .state(outcome.state())
                .exitCode(outcome.exitCode())
                .output(cap(outcome.output()))
                .errorOutput(cap(outcome.errorOutput()))
                .message(outcome.message())
                .resultPath(outcome.resultPath())
                .usage(outcome.usage())
                .endedAt(outcome.endedAt() != null ? outcome.endedAt() : clock.instant());
        if (outcome.startedAt() != null) {
            b.startedAt(outcome.startedAt());
        }
        TaskRecord ended = b.build();
        usage.accrue(j, clock.instant()); // the controller's clock, as at heartbeats: the agent's may be off
        RetryRule.Decision retry = j.phase().runs() ? RetryRule.decide(ended, j.cancelRequested) : RetryRule.Decision.NOT_CONCERNED;
        if (retry.retry()) {
            LOG.info("Task {} attempt {} failed with exit code {}; retry {} of {} in {}", j.id(), ended.attempt(),
                    ended.exitCode(), ended.retriesUsed() + 1, ended.retry().retries(), ended.retry().delay());
            lifecycle.waitToRetry(j, ended);
            retryTimer.releaseDue(); // one without a delay goes back to its queue at once (the caller dispatches)
            return;
        }
        lifecycle.end(j, ended.toBuilder().message(RetryRule.finalMessage(ended.message(), retry)).build());
    }

    /**
     * Agent {@code agentId} did not take task {@code taskId} (the delivery failed, or it gave the task back unstarted):
     * the agent takes nothing more until its next heartbeat, and the task, if it is still that attempt there, goes
     * back to the queue. Dispatches.
     */
    void notTaken(String agentId, long token, long taskId, long attemptToken, String why) {
        AgentState a = pool.agents.get(agentId);
        if (a != null && a.token == token) {
            a.usable = false;
            pool.free.refresh(a);
        }
        Job j = pool.jobs.get(taskId);
        if (j == null || j.attemptToken != attemptToken || !j.holdsOn(agentId)) {
            dispatch.run();
            return;
        }
        LOG.info("Task {} goes back to the queue: agent {} did not take it ({})", taskId, agentId, why);
        lifecycle.backUnstarted(j, "Agent " + agentId + " did not take it: " + why);
        dispatch.run();
    }

    /** A report of an attempt that is not the task's current one on that agent: logged, never applied. */
    private static void refused(AgentState a, String what, long taskId, int attempt, long attemptToken, Job j) {
        String now = j == null ? "the task is no longer held by this controller"
                : j.phase().onAgent() ? "its attempt " + j.record.attempt() + " is given to agent " + j.record.agentId()
                : "it waits in the queue (attempt " + j.record.attempt() + ")";
        LOG.warn("Refused {} of task {} attempt {} from agent {}: its attempt token {} is not the current one ({}).",
                what, taskId, attempt, a.id, Long.toHexString(attemptToken), now);
    }

    /** "… so it stopped the task; …." as the first half of a sentence the re-queue completes. */
    private static String stripStop(String message) {
        int cut = message.indexOf("; the controller");
        String head = cut > 0 ? message.substring(0, cut) : message;
        return head.endsWith(".") ? head.substring(0, head.length() - 1) : head;
    }

    private static String cap(String text) {
        return text == null || text.length() <= MAX_EXCERPT_CHARS ? text : text.substring(0, MAX_EXCERPT_CHARS);
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.client.GridStatus;
import io.taskgrid.api.client.GridSummary;
import io.taskgrid.api.task.RetryPolicy;
import io.taskgrid.api.task.TaskRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What clients see of the tasks the scheduler holds, on top of what the history says: why a waiting task waits (in
 * words), a running one's latest usage, and the grid in a few figures (the waiting ones by reason too). Reads only;
 * runs on the scheduler thread.
 */
final class LiveViews {
    private final Pool pool;
    private final UsageLedger usage;
    private final Workflow workflow;
    private final Clock clock;
    private final boolean fairShare;
    private final int maxProcesses;

    /** @param fairShare whether users with less recent use go first among tasks of equal priority */
    LiveViews(Pool pool, UsageLedger usage, Workflow workflow, Clock clock, boolean fairShare, int maxProcesses) {
        this.pool = pool;
        this.usage = usage;
        this.workflow = workflow;
        this.clock = clock;
        this.fairShare = fairShare;
        this.maxProcesses = maxProcesses;
    }

    /** For a queued task, why it waits; for a running one, its latest usage. Empty when the scheduler does not hold it. */
    Optional<TaskRecord> liveView(TaskRecord fromHistory) {
        Job j = pool.jobs.get(fromHistory.id());
        if (j == null) {
            return Optional.empty();
        }
        return Optional.of(view(j, fromHistory, () -> {
            Instant now = clock.instant();
            QueuePlace place = QueuePlace.of(pool, j, now, fairShare);
            String why = WaitReasons.explain(j.key, pool.agents.values(), pool.running, maxProcesses, place.ahead(), j.reservedOn);
            if (!place.usersFirst().isEmpty()) {
                String owner = j.record.clientUser();
                why += " " + FairShareReason.sentence(owner, usage.recent(owner, now), place.usersFirst());
            }
            return why;
        }));
    }

    /** {@link #liveView} for a page of the history, in its order; why the queued ones wait is counted for all at once. */
    List<TaskRecord> liveViews(List<TaskRecord> fromHistory) {
        List<Job> queued = new ArrayList<>();
        for (TaskRecord r : fromHistory) {
            Job j = pool.jobs.get(r.id());
            if (j != null && j.phase() == Phase.QUEUED) {
                queued.add(j);
            }
        }
        Map<Long, String> reasons = queued.isEmpty() ? Map.of()
                : QueuedReasons.of(pool, queued, clock.instant(), fairShare, maxProcesses, QueuedReasons.COUNTED);
        List<TaskRecord> views = new ArrayList<>(fromHistory.size());
        for (TaskRecord r : fromHistory) {
            Job j = r.state().isFinal() ? null : pool.jobs.get(r.id());
            views.add(j == null ? r : view(j, r, () -> reasons.get(j.id())));
        }
        return views;
    }

    /** The grid in a few figures (the held ones by a walk over its tasks). */
    GridSummary summary() {
        int waiting = 0;
        for (TreeSet<Job> q : pool.queues()) {
            waiting += q.size();
        }
        int ahead = 0;
        int drained = 0;
        for (AgentState a : pool.agents.values()) {
            ahead += a.ahead.size();
            drained += a.drainReason != null ? 1 : 0;
        }
        waiting += pool.retryWaits.size();
        int held = 0;
        for (Job j : pool.jobs.values()) {
            held += j.phase() == Phase.HELD ? 1 : 0;
            waiting += j.phase() == Phase.WAITING ? 1 : 0; // queued in the history: for others, or for room in an array
        }
        return new GridSummary(pool.runningTasks, waiting + ahead, held, pool.agents.size(), drained, maxProcesses);
    }

    /**
     * The waiting tasks by why they wait, the largest reason first, for {@code taskgrid status}: in a queue for a free
     * slot, sent ahead to an agent, waiting for a retry's delay, held, waiting for other tasks (or for room in an array's
     * limit). A walk over the tasks the scheduler holds.
     */
    List<GridStatus.QueueCount> queueByReason() {
        int inQueue = 0;
        for (TreeSet<Job> q : pool.queues()) {
            inQueue += q.size();
        }
        int ahead = 0;
        for (AgentState a : pool.agents.values()) {
            ahead += a.ahead.size();
        }
        int held = 0;
        int waiting = 0;
        for (Job j : pool.jobs.values()) {
            held += j.phase() == Phase.HELD ? 1 : 0;
            waiting += j.phase() == Phase.WAITING ? 1 : 0;
        }
        List<GridStatus.QueueCount> out = new ArrayList<>();
        addCount(out, "waiting for a free slot", inQueue);
        addCount(out, "sent ahead to an agent", ahead);
        addCount(out, "waiting to retry", pool.retryWaits.size());
        addCount(out, "held", held);
        addCount(out, "waiting for other tasks or room in its array", waiting);
        out.sort(Comparator.comparingInt(GridStatus.QueueCount::tasks).reversed());
        return out;
    }

    private static void addCount(List<GridStatus.QueueCount> out, String reason, int tasks) {
        if (tasks > 0) {
            out.add(new GridStatus.QueueCount(reason, tasks));
        }
    }

    /** What {@link #liveView} answers for a task the scheduler holds; {@code queuedReason} says why a queued one waits. */
    private TaskRecord view(Job j, TaskRecord fromHistory, Supplier<String> queuedReason) {
        if (j.phase().unheard() && j.silentSince != null) {
            TaskRecord view = j.usage == null ? fromHistory : fromHistory.toBuilder().usage(j.usage).build();
            return view.toBuilder().waitReason(Leases.silence(j.record.agentId(), j.silentSince,
                    j.orphanDeadline, clock.instant())).build();
        }
        if (j.phase() == Phase.AHEAD) {
            return fromHistory.toBuilder().waitReason("Sent ahead to agent " + j.record.agentId() + " on "
                    + j.record.agentHost() + "; it starts there as soon as one of the agent's slots frees.").build();
        }
        if (j.phase() == Phase.RETRY_WAIT) {
            return fromHistory.toBuilder().waitReason("Retry " + j.record.retriesUsed() + " of " + j.record.retry().retries()
                    + " waits for its delay; it goes back to its queue in "
                    + RetryPolicy.seconds(Duration.ofSeconds(Math.max(0,
                            Duration.between(clock.instant(), j.record.retryAt()).toSeconds())))
                    + (j.record.exitCode() == null ? "." : " (attempt " + (j.record.attempt() - 1) + " exited with code "
                    + j.record.exitCode() + ").")).build();
        }
        if (j.phase() == Phase.HELD) {
            return fromHistory.toBuilder().waitReason("Held by " + j.record.heldBy() + "; it starts only after"
                    + " `taskgrid release " + j.record.displayId() + "`.").build();
        }
        if (j.phase() == Phase.WAITING) {
            String held = j.record.heldBy() == null ? "" : " Held by " + j.record.heldBy() + " too.";
            return fromHistory.toBuilder().waitReason(workflow.reason(j) + held).build();
        }
        if (j.phase() == Phase.QUEUED) {
            return fromHistory.toBuilder().waitReason(queuedReason.get()).build();
        }
        return j.usage == null ? fromHistory : fromHistory.toBuilder().usage(j.usage).build();
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.history.TaskHistory;
import io.taskgrid.controller.history.UsedCpu;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes back, after a restart, what the history has QUEUED and RUNNING: the waiting ones wait again as they did, and
 * those an agent may still hold (running, or sent ahead) wait for it to claim them, or for its lease to end, before
 * they run again. {@link #read} runs on the caller's thread and touches only the history; {@link #takeBack} runs on
 * the scheduler thread.
 */
final class Recovery {
    private final TaskHistory store;
    private final Pool pool;
    private final Workflow workflow;
    private final UsageLedger usage;
    private final Leases leases;
    private final Duration heartbeatTimeout;
    private final Clock clock;

    /**
     * What the history holds for the scheduler: {@code waiting} go back to where they waited, {@code orphans} wait for
     * their agent; {@code queuedRows} and {@code runningRows} count the history's rows, for the log.
     */
    record Found(List<Job> waiting, List<Job> orphans, List<UsedCpu> used, int queuedRows, int runningRows) {
        boolean isEmpty() {
            return queuedRows == 0 && runningRows == 0;
        }
    }

    Recovery(TaskHistory store, Pool pool, Workflow workflow, UsageLedger usage, Leases leases, Duration heartbeatTimeout,
             Clock clock) {
        this.store = store;
        this.pool = pool;
        this.workflow = workflow;
        this.usage = usage;
        this.leases = leases;
        this.heartbeatTimeout = heartbeatTimeout;
        this.clock = clock;
    }

    /** Reads what to take back from the history; any thread but the scheduler's, which it would hold up. */
    Found read() {
        List<TaskRecord> queued = store.inState(TaskState.QUEUED);
        List<TaskRecord> runningTasks = store.inState(TaskState.RUNNING);
        Map<Long, List<Dependency>> dependencies = store.dependenciesOfQueued();
        ProgramsOf programs = new ProgramsOf(store);
        List<Job> q = new ArrayList<>();
        List<Job> orphans = new ArrayList<>();
        for (TaskRecord r : queued) {
            List<Dependency> after = dependencies.get(r.id());
            TaskRecord record = after == null ? r : r.toBuilder().after(after).build();
            // One sent ahead may wait on its agent: it stays away from the queue until the agent claims it or
            // the heartbeat timeout passes, like a running one, so that it never runs twice.
            Job j = new Job(record, programs.program(record), programs.environment(record));
            (j.phase() == Phase.QUEUED || j.phase() == Phase.HELD || j.phase() == Phase.RETRY_WAIT ? q : orphans).add(j);
        }
        for (TaskRecord r : runningTasks) {
            orphans.add(new Job(r, programs.program(r), programs.environment(r)));
        }
        List<UsedCpu> used = store.cpuUsedSince(clock.instant().minus(usage.memory()));
        return new Found(q, orphans, used, queued.size(), runningTasks.size());
    }

    /** Puts what was found in the pool; scheduler thread. The caller takes due retries back and dispatches. */
    void takeBack(Found found) {
        found.used().forEach(u -> usage.add(u.user(), u.cpuSeconds(), u.endedAt()));
        // An agent may still run them, cut off from this controller while it was down: not before its lease ended.
        Instant now = clock.instant();
        Instant leaseEnds = leases.requeueAt(now);
        Instant deadline = leaseEnds != null && leaseEnds.isAfter(now.plus(heartbeatTimeout)) ? leaseEnds
                : now.plus(heartbeatTimeout);
        for (Job j : found.orphans()) {
            j.orphanDeadline = deadline;
            pool.jobs.put(j.id(), j);
            if (j.phase().runs()) {
                pool.countRunning(j);
            }
            workflow.admitted(j); // on an agent: it counts against its array's limit
        }
        for (Job j : found.waiting()) { // oldest first: an array's members are let in by index
            if (j.phase() == Phase.RETRY_WAIT) { // it ran: what it waited for came, and it counts in its array
                workflow.admitted(j);
                pool.enqueue(j); // it waits for the same time
            } else {
                workflow.arrive(j); // a held one is held; one whose dependencies are open waits for them again
            }
        }
    }
}

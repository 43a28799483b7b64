package io.taskgrid.controller.scheduling;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the scheduler holds: its tasks, the queues by {@link QueueKey}, the connected agents and the index of those with a free
 * slot, and how many processes run. Confined to the scheduler thread; {@link Scheduler} and {@link Lifecycle} change it.
 */
final class Pool {
    /** Highest priority first, then oldest first. */
    static final Comparator<Job> QUEUE_ORDER = Comparator.<Job>comparingInt(j -> -j.record.priority())
            .thenComparingLong(Job::id);

    /** Each user's recent use and running tasks. */
    final UsageLedger usage;
    private final boolean fairShare;

    /** Every task the scheduler holds, queued or on an agent. */
    final Map<Long, Job> jobs = new HashMap<>();
    private final Map<QueueKey, TreeSet<Job>> queues = new HashMap<>();
    /** The connected agents, by id, in the order they joined. */
    final Map<String, AgentState> agents = new LinkedHashMap<>();
    /** The agents of {@link #agents} with a free slot, by language and load; refreshed on every change of their rank. */
    final AgentIndex free = new AgentIndex();
    /** CPUs asked for by the attempts that run, or may run ({@link Phase#runs}): what the process limit counts. */
    int running;
    /** Those attempts themselves. */
    int runningTasks;
    /** Connected agents that hold tasks ahead of their slots: when none does, a reached limit ends a dispatch at once. */
    int agentsWithQueueAhead;
    /** Agents kept for a large queued task ({@link AgentState#reservedFor}); they are not in {@link #free}. */
    int reservations;

    /** @param fairShare whether users with less recent use go first among heads of equal priority */
    Pool(UsageLedger usage, boolean fairShare) {
        this.usage = usage;
        this.fairShare = fairShare;
    }

    /**
     * Which of the heads of two queues goes first when both could be placed, at {@code now}: the one place where an order
     * between queues is decided. The higher priority; then, with fair share, the user with less recent use, each of
     * their running tasks counting as a CPU-second used now (so that users who have used nothing yet take turns
     * instead of the oldest task's user taking every free slot until the next heartbeat counts it); then the older.
     */
    Comparator<Job> headOrder(Instant now) {
        if (!fairShare) {
            return QUEUE_ORDER;
        }
        double second = usage.secondAt(now);
        return Comparator.<Job>comparingInt(j -> -j.record.priority())
                .thenComparingDouble(j -> usage.rankWithRunning(j.record.clientUser(), second))
                .thenComparingLong(Job::id);
    }

    /** A job's run starts to count against the process limit, by the CPUs it asked for (and its user's running CPUs). */
    void countRunning(Job j) {
        int cpus = j.record.resources().cpus();
        running += cpus;
        runningTasks++;
        usage.runs(j.record.clientUser(), cpus);
    }

    /** A job's run stops counting. */
    void uncountRunning(Job j) {
        int cpus = j.record.resources().cpus();
        running -= cpus;
        runningTasks--;
        usage.runs(j.record.clientUser(), -cpus);
    }

    /**
     * Keeps {@code a} for the queued job {@code j}, too large for the room any agent has now: no other task goes to
     * {@code a} until {@code j} starts there or leaves the queue, so its running tasks end and make room.
     */
    void reserve(AgentState a, Job j) {
        unreserve(j);
        a.reservedFor = j;
        j.reservedOn = a;
        reservations++;
        free.refresh(a);
    }

    /** Gives back the agent kept for {@code j}, if one is. */
    void unreserve(Job j) {
        AgentState a = j.reservedOn;
        if (a == null) {
            return;
        }
        j.reservedOn = null;
        a.reservedFor = null;
        reservations--;
        if (agents.get(a.id) == a) {
            free.refresh(a);
        }
    }

    /** Takes a job out of its queue (it starts, is held, ends or changes place); an agent kept for it is given back. */
    void dequeue(Job j) {
        queue(j.key).remove(j);
        unreserve(j);
    }

    /** An agent left, was lost or was replaced: out of the index, and a job it was kept for looks for another. */
    void agentGone(AgentState a) {
        free.remove(a);
        if (a.reservedFor != null) {
            Job j = a.reservedFor;
            a.reservedFor = null;
            j.reservedOn = null;
            reservations--;
        }
    }

    /** The queue of one key, in {@link #QUEUE_ORDER}. */
    TreeSet<Job> queue(QueueKey key) {
        return queues.computeIfAbsent(key, k -> new TreeSet<>(QUEUE_ORDER));
    }

    /** Every queue by its key; one that is empty may be removed through the iterator. */
    Map<QueueKey, TreeSet<Job>> queuesByKey() {
        return queues;
    }

    Collection<TreeSet<Job>> queues() {
        return queues.values();
    }

    /** Holds a queued task and puts it in its queue; one held ({@link Phase#HELD}) waits outside it. */
    void enqueue(Job j) {
        jobs.put(j.id(), j);
        if (j.phase() == Phase.QUEUED) {
            queue(j.key).add(j);
        }
    }
}

package io.taskgrid.controller.scheduling;

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
    /**
     * Which of the heads of two queues goes first when both could be placed: the one place where an order between
     * queues is decided (today the queue order itself; fair share between users changes this one).
     */
    static final Comparator<Job> HEAD_ORDER = QUEUE_ORDER;

    /** Every task the scheduler holds, queued or on an agent. */
    final Map<Long, Job> jobs = new HashMap<>();
    private final Map<QueueKey, TreeSet<Job>> queues = new HashMap<>();
    /** The connected agents, by id, in the order they joined. */
    final Map<String, AgentState> agents = new LinkedHashMap<>();
    /** The agents of {@link #agents} with a free slot, by language and load; refreshed on every change of their rank. */
    final AgentIndex free = new AgentIndex();
    /** Attempts that run, or may run ({@link Phase#runs}): what the process limit counts. */
    int running;
    /** Connected agents that hold tasks ahead of their slots: when none does, a reached limit ends a dispatch at once. */
    int agentsWithQueueAhead;

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

package io.taskgrid.controller.scheduling;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
    /**
     * The head of each queue, by user, in {@link #QUEUE_ORDER}: one user's heads all share that user's fair-share rank,
     * so placement orders users (few) rather than every queue (users × requirements × sizes) for each decision.
     */
    private final Map<String, TreeSet<Job>> headsByUser = new HashMap<>();
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
    /**
     * The queued tasks an agent is kept for ({@link AgentState#reservedFor}), by {@link QueueKey#agents}: one per kind of
     * placement at most, so that large tasks never take more than a few agents out of service at once; those agents are
     * not in {@link #free}.
     */
    final Map<QueueKey, Job> reserved = new HashMap<>();
    /** How many agents are kept ({@link #reserved}'s size). */
    int reservations;
    /** The tasks that wait for the delay before a retry, outside the queues. */
    final RetryWaits retryWaits = new RetryWaits();

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
                .thenComparingDouble(j -> rank(j, second))
                .thenComparingLong(Job::id);
    }

    /** One CPU-second used at {@code now}, in the scale of {@link #rank} (0 without fair share). */
    double secondAt(Instant now) {
        return fairShare ? usage.secondAt(now) : 0;
    }

    /** What orders the user of {@code j} among heads of equal priority (see {@link #headOrder}); 0 without fair share. */
    double rank(Job j, double second) {
        return fairShare ? usage.rankWithRunning(j.record.clientUser(), second) : 0;
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
        reserved.put(j.agentsKey, j);
        reservations = reserved.size();
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
        reserved.remove(j.agentsKey, j);
        reservations = reserved.size();
        if (agents.get(a.id) == a) {
            free.refresh(a);
        }
    }

    /** Puts a queued job in its queue, in {@link #QUEUE_ORDER}. */
    void addToQueue(Job j) {
        TreeSet<Job> q = queues.computeIfAbsent(j.key, k -> new TreeSet<>(QUEUE_ORDER));
        Job head = q.isEmpty() ? null : q.first();
        q.add(j);
        if (q.first() == j) {
            TreeSet<Job> heads = headsByUser.computeIfAbsent(userOf(j), k -> new TreeSet<>(QUEUE_ORDER));
            if (head != null) {
                heads.remove(head);
            }
            heads.add(j);
        }
    }

    /** Takes a job out of its queue (it starts, is held, ends or changes place); an agent kept for it is given back. */
    void dequeue(Job j) {
        TreeSet<Job> q = queues.get(j.key);
        if (q != null && !q.isEmpty()) {
            boolean wasHead = q.first() == j;
            q.remove(j);
            if (wasHead) {
                String user = userOf(j);
                TreeSet<Job> heads = headsByUser.get(user);
                heads.remove(j);
                if (!q.isEmpty()) {
                    heads.add(q.first());
                } else if (heads.isEmpty()) {
                    headsByUser.remove(user);
                }
            }
            if (q.isEmpty()) {
                queues.remove(j.key); // a key's queue is made again when a task of it comes
            }
        }
        unreserve(j);
    }

    /** Each user's queue heads, in {@link #QUEUE_ORDER}; not to be changed. */
    Map<String, TreeSet<Job>> headsByUser() {
        return headsByUser;
    }

    /** The key of {@link #headsByUser} for a job's user (who may be unnamed). */
    static String userOf(Job j) {
        return String.valueOf(j.record.clientUser());
    }

    /** An agent left, was lost or was replaced: out of the index, and a job it was kept for looks for another. */
    void agentGone(AgentState a) {
        free.remove(a);
        if (a.reservedFor != null) {
            Job j = a.reservedFor;
            a.reservedFor = null;
            j.reservedOn = null;
            reserved.remove(j.agentsKey, j);
            reservations = reserved.size();
        }
    }

    /** Those of {@code ids} that the scheduler holds. */
    Set<Long> holding(Collection<Long> ids) {
        Set<Long> held = new HashSet<>();
        for (long id : ids) {
            if (jobs.containsKey(id)) {
                held.add(id);
            }
        }
        return held;
    }

    /** Whether no task of that key is queued. */
    boolean queueEmpty(QueueKey key) {
        TreeSet<Job> q = queues.get(key);
        return q == null || q.isEmpty();
    }

    /** Every queue by its key, none empty; not to be changed (see {@link #addToQueue}, {@link #dequeue}). */
    Map<QueueKey, TreeSet<Job>> queuesByKey() {
        return queues;
    }

    Collection<TreeSet<Job>> queues() {
        return queues.values();
    }

    /**
     * Holds a queued task and puts it in its queue; one held ({@link Phase#HELD}) waits outside it, one that waits for
     * a retry ({@link Phase#RETRY_WAIT}) among {@link #retryWaits}.
     */
    void enqueue(Job j) {
        jobs.put(j.id(), j);
        if (j.phase() == Phase.QUEUED) {
            addToQueue(j);
        } else if (j.phase() == Phase.RETRY_WAIT) {
            retryWaits.add(j);
        }
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why each of many queued tasks waits, for a page of the history: the sentence {@code show} gives, worked out for all
 * of them in one pass instead of one walk of the queue per task (a page has up to 10,000 rows, the queue may hold
 * 100,000 tasks). Tasks that the same agents run (one {@link QueueKey#agents()}) are counted together: their users'
 * queues are merged in the head order and walked once, at most {@link #COUNTED} tasks deep; a task further back is
 * "at least 1000 tasks" behind. Which users go first by fair share depends only on the task's user and priority, so it
 * is found once for each. Scheduler thread.
 */
final class QueuedReasons {
    /** How deep the queue of one set of agents is counted for a page; further back, a task says "at least" this many. */
    static final int COUNTED = 1_000;

    private final Pool pool;
    private final Instant now;
    private final boolean fairShare;
    private final int maxProcesses;
    private final int counted;
    private final Comparator<Job> order;
    private final double second;
    /** The sentence of each (key, ahead, counted to the end, agent kept) and of each (agents, user, priority). */
    private final Map<List<Object>, String> sentences = new HashMap<>();

    private QueuedReasons(Pool pool, Instant now, boolean fairShare, int maxProcesses, int counted) {
        this.pool = pool;
        this.now = now;
        this.fairShare = fairShare;
        this.maxProcesses = maxProcesses;
        this.counted = counted;
        this.order = pool.headOrder(now);
        this.second = pool.usage.secondAt(now);
    }

    /**
     * @param queued  tasks in the queue ({@link Phase#QUEUED}); others are left out of the answer
     * @param counted how many tasks ahead are counted at most ({@link #COUNTED} but in tests)
     * @return the sentence for each task, by id
     */
    static Map<Long, String> of(Pool pool, Collection<Job> queued, Instant now, boolean fairShare, int maxProcesses, int counted) {
        return new QueuedReasons(pool, now, fairShare, maxProcesses, counted).explain(queued);
    }

    private Map<Long, String> explain(Collection<Job> queued) {
        // Tasks that the same agents run, whatever their size: they compete for those agents, in one merged order.
        Map<List<Object>, List<Job>> byAgents = new LinkedHashMap<>();
        Map<Long, Job> seen = new HashMap<>();
        for (Job j : queued) {
            if (j.phase() == Phase.QUEUED && seen.putIfAbsent(j.id(), j) == null) {
                byAgents.computeIfAbsent(Arrays.asList(j.key.language(), j.key.requirements()), k -> new ArrayList<>()).add(j);
            }
        }
        Map<Long, String> reasons = new HashMap<>();
        byAgents.values().forEach(jobs -> {
            QueueKey agents = jobs.get(0).key;
            List<TreeSet<Job>> queues = new ArrayList<>();
            for (Map.Entry<QueueKey, TreeSet<Job>> q : pool.queuesByKey().entrySet()) {
                if (q.getKey().sameAgents(agents) && !q.getValue().isEmpty()) {
                    queues.add(q.getValue());
                }
            }
            Map<Long, Integer> ahead = ahead(queues, jobs);
            for (Job j : jobs) {
                int n = ahead.getOrDefault(j.id(), counted);
                boolean more = n >= counted;
                AgentState kept = j.reservedOn;
                String why = sentences.computeIfAbsent(Arrays.asList(j.key.agents(), n, more, kept == null ? null : kept.id), k ->
                        WaitReasons.explain(j.key.agents(), pool.agents.values(), pool.running, maxProcesses, n, more, kept));
                String fair = fairShare ? sentences.computeIfAbsent(Arrays.asList(agents.language(), agents.requirements(),
                        j.record.clientUser(), j.record.priority()), k -> fairShareSentence(queues, j)) : "";
                reasons.put(j.id(), fair.isEmpty() ? why : why + " " + fair);
            }
        });
        return reasons;
    }

    /** One place of a merged walk: a user's queue and its task the walk has not passed yet. */
    private static final class Cursor {
        final Iterator<Job> rest;
        Job current;

        Cursor(Iterator<Job> rest) {
            this.rest = rest;
            this.current = rest.next();
        }
    }

    /**
     * How many tasks go before each of {@code jobs}: the queues merged in the head order (each user's queue is in that
     * order already), walked until the last of them or {@link #counted} tasks. Those not reached are left out.
     */
    private Map<Long, Integer> ahead(List<TreeSet<Job>> queues, List<Job> jobs) {
        List<Job> wanted = new ArrayList<>(jobs);
        wanted.sort(order);
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Math.max(1, queues.size()), (a, b) -> order.compare(a.current, b.current));
        queues.forEach(q -> heads.add(new Cursor(q.iterator())));
        Map<Long, Integer> ahead = new HashMap<>();
        int passed = 0;
        int next = 0;
        while (next < wanted.size() && passed < counted && !heads.isEmpty()) {
            Cursor c = heads.poll();
            Job passing = c.current;
            if (passing == wanted.get(next)) {
                ahead.put(passing.id(), passed);
                next++;
            }
            passed++;
            if (c.rest.hasNext()) {
                c.current = c.rest.next();
                heads.add(c);
            }
        }
        return ahead;
    }

    /** The fair-share sentence of a task of {@code j}'s user and priority, or "" when no other user goes first. */
    private String fairShareSentence(List<TreeSet<Job>> queues, Job j) {
        String owner = j.record.clientUser();
        double mine = pool.usage.rankWithRunning(owner, second);
        Job firstOfItsPriority = probe(j.record.priority());
        List<FairShareReason.Ahead> first = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (TreeSet<Job> q : queues) {
            // Each queue holds one user's tasks (of one size); with less use, all of theirs of the priority go first.
            String user = q.first().record.clientUser();
            if (user == null || user.equals(owner) || named.contains(user) || pool.usage.rankWithRunning(user, second) >= mine) {
                continue;
            }
            Job same = q.ceiling(firstOfItsPriority);
            if (same != null && same.record.priority() == j.record.priority()) {
                named.add(user);
                first.add(new FairShareReason.Ahead(user, pool.usage.recent(user, now)));
            }
        }
        if (first.isEmpty()) {
            return "";
        }
        first.sort(Comparator.comparingDouble(FairShareReason.Ahead::recentCpuSeconds).thenComparing(FairShareReason.Ahead::user));
        return FairShareReason.sentence(owner, pool.usage.recent(owner, now), first);
    }

    /** A task that sorts in {@link Pool#QUEUE_ORDER} just before every task of {@code priority}. */
    private static Job probe(int priority) {
        return new Job(TaskRecord.builder().id(Long.MIN_VALUE).priority(priority).state(TaskState.QUEUED).build(), null, Map.of());
    }
}

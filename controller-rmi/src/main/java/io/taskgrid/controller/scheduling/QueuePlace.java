package io.taskgrid.controller.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where a queued task stands: how many tasks the same agents would take before it, and which other users go first by
 * fair share (less recent use, the same priority). Walks only the tasks ahead of it. Scheduler thread.
 *
 * @param ahead     tasks placed before it, as the queue stands now
 * @param usersFirst other users whose tasks of its priority go first, least use first (empty without fair share)
 */
record QueuePlace(int ahead, List<FairShareReason.Ahead> usersFirst) {

    static QueuePlace of(Pool pool, Job j, Instant now, boolean fairShare) {
        Comparator<Job> order = pool.headOrder(now);
        double second = pool.usage.secondAt(now);
        double mine = pool.usage.rankWithRunning(j.record.clientUser(), second);
        int ahead = 0;
        List<FairShareReason.Ahead> first = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>(); // a user with queues of several sizes is named once
        for (Map.Entry<QueueKey, TreeSet<Job>> q : pool.queuesByKey().entrySet()) {
            if (!q.getKey().sameAgents(j.key)) {
                continue;
            }
            boolean samePriorityFirst = false;
            // One user's queue is in the head order already (their use is the same for all their tasks): what goes
            // before the task is a prefix of it.
            for (Job other : q.getValue()) {
                if (order.compare(other, j) >= 0) {
                    break;
                }
                ahead++;
                samePriorityFirst |= other.record.priority() == j.record.priority();
            }
            String user = q.getKey().user();
            if (fairShare && samePriorityFirst && user != null && !user.equals(j.record.clientUser()) && named.add(user)
                    && pool.usage.rankWithRunning(user, second) < mine) {
                first.add(new FairShareReason.Ahead(user, pool.usage.recent(user, now)));
            }
        }
        first.sort(Comparator.comparingDouble(FairShareReason.Ahead::recentCpuSeconds).thenComparing(FairShareReason.Ahead::user));
        return new QueuePlace(ahead, List.copyOf(first));
    }
}

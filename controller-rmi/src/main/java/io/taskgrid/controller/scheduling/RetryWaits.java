package io.taskgrid.controller.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The tasks that wait for the delay before a retry ({@link Phase#RETRY_WAIT}), soonest first. Confined to the
 * scheduler thread; {@link RetryTimer} takes those that are due back to their queues.
 */
final class RetryWaits {
    private final TreeSet<Job> waiting = new TreeSet<>(Comparator.<Job, Instant>comparing(j -> j.record.retryAt())
            .thenComparingLong(Job::id));

    /** Adds a job that waits; its {@code retryAt} must not change while it is here. */
    void add(Job j) {
        if (j.record.retryAt() == null) {
            throw new IllegalStateException("Task " + j.id() + " waits for a retry without a time to retry at");
        }
        waiting.add(j);
    }

    /** Takes a job out (it was cancelled); whether it waited. */
    boolean remove(Job j) {
        return j.record.retryAt() != null && waiting.remove(j);
    }

    /** Takes out and returns those whose time has come at {@code now}, soonest first. */
    List<Job> due(Instant now) {
        List<Job> due = new ArrayList<>();
        while (!waiting.isEmpty() && !waiting.first().record.retryAt().isAfter(now)) {
            due.add(waiting.pollFirst());
        }
        return due;
    }

    /** When the next one is due, or {@code null} when none waits. */
    Instant next() {
        return waiting.isEmpty() ? null : waiting.first().record.retryAt();
    }

    int size() {
        return waiting.size();
    }
}

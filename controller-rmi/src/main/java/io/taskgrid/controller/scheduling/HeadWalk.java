package io.taskgrid.controller.scheduling;

import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The queue heads of one dispatch call, in the order they go ({@link Pool#headOrder}), without comparing every head for
 * each decision. One user's heads share that user's fair-share rank, so they go in {@link Pool#QUEUE_ORDER} among
 * themselves ({@link Pool#headsByUser}); the walk keeps one candidate per user in a heap, ordered by priority, then the
 * user's rank, then age. A decision costs O(log users) instead of O(users × requirement sets × sizes). Confined to the
 * scheduler thread, for one call: a user's rank is read when their candidate is made, and only a placement of one of
 * their own tasks changes it during the call.
 */
final class HeadWalk {
    /** A user's head, with what orders it. */
    record Candidate(Job head, double rank) {
        int priority() {
            return head.record.priority();
        }
    }

    private static final Comparator<Candidate> ORDER = Comparator.<Candidate>comparingInt(c -> -c.priority())
            .thenComparingDouble(Candidate::rank)
            .thenComparingLong(c -> c.head.id());

    private final Pool pool;
    private final double second;
    private final PriorityQueue<Candidate> heap;

    HeadWalk(Pool pool, Instant now) {
        this.pool = pool;
        this.second = pool.secondAt(now);
        this.heap = new PriorityQueue<>(Math.max(1, pool.headsByUser().size()), ORDER);
        for (TreeSet<Job> heads : pool.headsByUser().values()) {
            if (!heads.isEmpty()) {
                heap.add(candidate(heads.first()));
            }
        }
    }

    /** The head that goes next, or {@code null} when none is left in this call. */
    Candidate next() {
        return heap.poll();
    }

    /**
     * The head of {@code c} found no agent, or is of a kind found blocked: its user's next head that is not
     * {@code blocked} takes its place in the walk.
     */
    void passOver(Candidate c, Predicate<Job> blocked) {
        TreeSet<Job> heads = pool.headsByUser().get(Pool.userOf(c.head));
        Job after = heads == null ? null : heads.higher(c.head);
        while (after != null && blocked.test(after)) {
            after = heads.higher(after);
        }
        if (after != null) {
            heap.add(new Candidate(after, c.rank));
        }
    }

    /** The head of {@code c} was placed: its user's next head comes in, at the user's new rank. */
    void placed(Candidate c) {
        TreeSet<Job> heads = pool.headsByUser().get(Pool.userOf(c.head));
        Job after = heads == null ? null : heads.higher(c.head);
        if (after != null) {
            heap.add(candidate(after));
        }
    }

    /** {@code c} goes back as it was (it was taken but not placed, and nothing of its user changed). */
    void putBack(Candidate c) {
        heap.add(c);
    }

    /** Whether {@code a} goes before {@code b}. */
    static boolean before(Candidate a, Candidate b) {
        return ORDER.compare(a, b) < 0;
    }

    private Candidate candidate(Job head) {
        return new Candidate(head, pool.rank(head, second));
    }
}

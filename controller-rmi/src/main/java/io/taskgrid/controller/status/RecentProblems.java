package io.taskgrid.controller.status;

import io.taskgrid.api.client.GridProblem;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The last few problems the controller met (mail not sent, refused log-ins, agents lost), for {@code taskgrid status}:
 * a bounded ring, so a flood of refused log-ins costs no memory, plus a count of each kind since the start. Noted from
 * any thread (the mail thread, RMI threads, the scheduler thread): each note is a few field writes under this lock.
 */
public final class RecentProblems {
    public static final int DEFAULT_KEPT = 20;

    private final Clock clock;
    private final int kept;
    private final ArrayDeque<GridProblem> ring;
    private final Map<GridProblem.Kind, Long> counts = new EnumMap<>(GridProblem.Kind.class);

    public RecentProblems(Clock clock, int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("Keep at least 1 problem, not " + kept + ".");
        }
        this.clock = clock;
        this.kept = kept;
        this.ring = new ArrayDeque<>(kept);
    }

    public synchronized void note(GridProblem.Kind kind, String message) {
        if (ring.size() == kept) {
            ring.removeFirst();
        }
        ring.addLast(new GridProblem(clock.instant(), kind, message));
        counts.merge(kind, 1L, Long::sum);
    }

    /** The problems kept, newest first. */
    public synchronized List<GridProblem> newestFirst() {
        List<GridProblem> out = new ArrayList<>(ring);
        java.util.Collections.reverse(out);
        return out;
    }

    /** How many of this kind were noted since the start, including those the ring no longer holds. */
    public synchronized long count(GridProblem.Kind kind) {
        return counts.getOrDefault(kind, 0L);
    }
}

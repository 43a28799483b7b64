package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which task ran where, when: a bar per run of a task (an attempt) on its agent's lane, from its start to its end or
 * to now while it runs, built from the task events the window receives. Within an agent's lane each bar gets the
 * lowest row ("slot") free over its time, so bars that ran at once do not overlap.
 *
 * <p>Bounded: bars that ended before the shown span (plus {@link #MARGIN}) are dropped, and at most {@link #MAX_BARS}
 * are kept (the ones that ended first go). Used on the FX thread; a plain class with an injected clock.
 */
final class TimelineModel {
    static final Duration DEFAULT_SPAN = Duration.ofMinutes(10);
    static final Duration LONGEST_SPAN = Duration.ofHours(1);
    static final Duration MARGIN = Duration.ofMinutes(1);
    static final int MAX_BARS = 20_000;
    /**
     * A run that starts this little before the previous one on a row ended takes that row: the agent starts the next
     * task the moment a slot frees, and the two times are taken apart.
     */
    static final Duration TOUCHING = Duration.ofMillis(250);

    /**
     * One run of a task on an agent.
     *
     * @param end   when it ended, or null while it runs
     * @param state how it ended; {@link TaskState#QUEUED} for a run cut short (its agent was lost, it went back to
     *              the queue) or whose end is not known
     */
    record Bar(long taskId, int attempt, String agentId, int slot, Instant start, Instant end, TaskState state,
               TaskRecord task) {
        boolean running() {
            return end == null;
        }

        /** Its end, or {@code now} while it runs. */
        Instant endOr(Instant now) {
            return end == null ? now : end;
        }

        Bar ended(Instant at, TaskState how, TaskRecord latest) {
            return new Bar(taskId, attempt, agentId, slot, start, at.isBefore(start) ? start : at, how, latest);
        }
    }

    private final Clock clock;
    /** Bars per agent, in the order they came. */
    private final Map<String, List<Bar>> lanes = new TreeMap<>();
    /** The latest bar of each task. */
    private final Map<Long, Bar> latest = new HashMap<>();
    /** For each agent's rows, until when a run holds it (null: a run holds it now). */
    private final Map<String, List<Instant>> busyUntil = new HashMap<>();
    private Duration span = DEFAULT_SPAN;
    private int count;
    private long version;
    /** While the controller is away: running bars stop here, their end unknown. */
    private Instant frozenAt;

    TimelineModel(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    Duration span() {
        return span;
    }

    /** The time shown, ending now; at most {@link #LONGEST_SPAN}. */
    void span(Duration span) {
        this.span = span.compareTo(LONGEST_SPAN) > 0 ? LONGEST_SPAN : span;
        version++;
    }

    /** Changes with every change of what is shown: the view draws again only when it moved (or time did). */
    long version() {
        return version;
    }

    int size() {
        return count;
    }

    /** Where running bars stop while the controller is away; null while it is there. */
    Instant frozenAt() {
        return frozenAt;
    }

    /** Now, or the moment the controller went away. */
    Instant now() {
        return frozenAt != null ? frozenAt : clock.instant();
    }

    /** A task changed (from an event, or a snapshot). */
    void apply(TaskRecord t) {
        Bar known = latest.get(t.id());
        boolean ran = t.startedAt() != null && t.agentId() != null
                && (t.state() == TaskState.RUNNING || t.state().isFinal());
        if (known != null && known.running() && (!ran || known.attempt() != t.attempt())) {
            // Its run ended without an end of its own: back to the queue, or a new attempt started elsewhere.
            Instant cut = ran && t.startedAt().isAfter(known.start()) ? t.startedAt() : now();
            replace(known, known.ended(cut, TaskState.QUEUED, known.task()));
        }
        if (!ran) {
            return;
        }
        Instant end = t.state() == TaskState.RUNNING ? null : t.endedAt() != null ? t.endedAt() : now();
        if (end != null && end.isBefore(horizon())) {
            return; // ended before what is kept
        }
        Bar current = latest.get(t.id());
        if (current != null && current.attempt() == t.attempt() && !current.running() && end == null) {
            return; // an older word on a run whose end is known (a snapshot that crossed an event)
        }
        if (current != null && current.attempt() == t.attempt()) {
            replace(current, new Bar(t.id(), t.attempt(), t.agentId(), current.slot(), t.startedAt(), end, t.state(), t));
        } else {
            Bar bar = new Bar(t.id(), t.attempt(), t.agentId(), freeSlot(t.agentId(), t.startedAt(), end), t.startedAt(),
                    end, t.state(), t);
            lanes.computeIfAbsent(t.agentId(), a -> new ArrayList<>()).add(bar);
            latest.put(t.id(), bar);
            count++;
            if (count > MAX_BARS) {
                dropOldest(count - MAX_BARS + MAX_BARS / 10);
            }
        }
        version++;
    }

    /**
     * What the controller says after a reconnection: these tasks as they are now. Bars still running that the
     * snapshot does not name are ended where the controller went away, their end unknown.
     */
    void reload(Collection<TaskRecord> tasks) {
        Instant lostAt = frozenAt;
        frozenAt = null;
        Set<Long> named = new HashSet<>();
        List<TaskRecord> byStart = new ArrayList<>(tasks);
        byStart.sort(Comparator.comparing(TaskRecord::startedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (TaskRecord t : byStart) {
            named.add(t.id());
            apply(t);
        }
        for (Bar b : List.copyOf(latest.values())) {
            if (b.running() && !named.contains(b.taskId())) {
                replace(b, b.ended(lostAt != null ? lostAt : clock.instant(), TaskState.QUEUED, b.task()));
            }
        }
        version++;
    }

    /** The controller went away: running bars stop growing until it is back. */
    void stale(Instant at) {
        if (frozenAt == null) {
            frozenAt = at;
            version++;
        }
    }

    /** Another controller: nothing shown is about it. */
    void clear() {
        lanes.clear();
        latest.clear();
        busyUntil.clear();
        count = 0;
        frozenAt = null;
        version++;
    }

    /** The agents that have bars, in order of their UID. */
    List<String> agents() {
        return List.copyOf(lanes.keySet());
    }

    /** The lanes to draw: these agents (the pool's) and the ones with bars, in order of their UID. */
    List<String> agents(Collection<String> listed) {
        TreeSet<String> all = new TreeSet<>(lanes.keySet());
        all.addAll(listed);
        return List.copyOf(all);
    }

    /** How many rows the agent's lane needs: the highest slot used by a bar, plus one. */
    int slotsUsed(String agentId) {
        int max = -1;
        for (Bar b : lanes.getOrDefault(agentId, List.of())) {
            max = Math.max(max, b.slot());
        }
        return max + 1;
    }

    /** The agent's bars that overlap {@code from}–{@code to} (running ones reach now). */
    List<Bar> bars(String agentId, Instant from, Instant to) {
        Instant now = now();
        List<Bar> out = new ArrayList<>();
        for (Bar b : lanes.getOrDefault(agentId, List.of())) {
            if (b.start().isBefore(to) && b.endOr(now).isAfter(from)) {
                out.add(b);
            }
        }
        return out;
    }

    /** The bar on that agent's row at that moment, give or take {@code slack}; null when none. */
    Bar barAt(String agentId, int slot, Instant at, Duration slack) {
        Instant now = now();
        Bar best = null;
        for (Bar b : lanes.getOrDefault(agentId, List.of())) {
            if (b.slot() == slot && !b.start().minus(slack).isAfter(at) && !b.endOr(now).plus(slack).isBefore(at)
                    && (best == null || b.start().isAfter(best.start()))) {
                best = b;
            }
        }
        return best;
    }

    /** Drops the bars that ended before the span shown (and its margin). */
    void evict() {
        Instant horizon = horizon();
        boolean changed = false;
        for (List<Bar> bars : lanes.values()) {
            changed |= bars.removeIf(b -> !b.running() && b.end().isBefore(horizon) && forget(b));
        }
        lanes.values().removeIf(List::isEmpty);
        busyUntil.keySet().retainAll(lanes.keySet());
        if (changed) {
            version++;
        }
    }

    private Instant horizon() {
        return now().minus(span).minus(MARGIN);
    }

    private boolean forget(Bar b) {
        latest.remove(b.taskId(), b);
        count--;
        return true;
    }

    private void dropOldest(int n) {
        List<Bar> ended = new ArrayList<>();
        lanes.values().forEach(bars -> bars.stream().filter(b -> !b.running()).forEach(ended::add));
        ended.sort(Comparator.comparing(Bar::end));
        Set<Bar> gone = new HashSet<>(ended.subList(0, Math.min(n, ended.size())));
        for (List<Bar> bars : lanes.values()) {
            bars.removeIf(b -> gone.contains(b) && forget(b));
        }
        lanes.values().removeIf(List::isEmpty);
    }

    private void replace(Bar old, Bar now) {
        List<Bar> bars = lanes.get(old.agentId());
        int i = bars.lastIndexOf(old);
        bars.set(i, now);
        latest.put(old.taskId(), now);
        if (old.running() && !now.running()) {
            freed(now);
        }
        version++;
    }

    /**
     * The lowest row of the agent's lane free at {@code start}: its last bar ended by then. Exact for runs that come in
     * the order they started (events; a reload is sorted so), and a few operations per slot however many bars.
     */
    private int freeSlot(String agentId, Instant start, Instant end) {
        List<Instant> rows = busyUntil.computeIfAbsent(agentId, a -> new ArrayList<>());
        int slot = 0;
        while (slot < rows.size() && (rows.get(slot) == null || rows.get(slot).isAfter(start.plus(TOUCHING)))) {
            slot++;
        }
        if (slot == rows.size()) {
            rows.add(end);
        } else {
            rows.set(slot, end);
        }
        return slot;
    }

    /** A run on that row ended (or was cut short): the row is free from then on, unless a later run holds it. */
    private void freed(Bar b) {
        List<Instant> rows = busyUntil.get(b.agentId());
        if (rows != null && b.slot() < rows.size() && b.end() != null) {
            Instant until = rows.get(b.slot());
            rows.set(b.slot(), until == null || until.isBefore(b.end()) ? b.end() : until);
        }
    }
}

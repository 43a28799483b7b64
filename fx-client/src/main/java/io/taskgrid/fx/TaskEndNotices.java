package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the ends of this user's tasks into notices that a person can read: at most one every {@link #GAP}; the ends
 * that come in between are held and folded into the next notice, which {@link #due()} gives once the gap has passed.
 * A batch of 3,000 tasks thus makes a handful of notices, not 3,000 popups. Holds counts, not the tasks.
 * Not thread-safe: the FX thread uses it.
 */
final class TaskEndNotices {
    /** The least time between two notices. */
    static final Duration GAP = Duration.ofSeconds(4);

    private final Clock clock;
    private final Duration gap;
    private final Map<TaskState, Integer> held = new EnumMap<>(TaskState.class);
    private int count;
    private TaskRecord first;
    private String project;
    private boolean severalProjects;
    private Instant lastShown;

    TaskEndNotices(Clock clock, Duration gap) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gap = Objects.requireNonNull(gap, "gap");
    }

    /** A task of this user ended: the notice to show now, or empty when it is held for the next one. */
    Optional<EndNotice> ended(TaskRecord task) {
        if (count == 0) {
            first = task;
            project = task.project();
            severalProjects = false;
        } else if (!Objects.equals(project, task.project())) {
            severalProjects = true;
        }
        count++;
        held.merge(task.state(), 1, Integer::sum);
        return due();
    }

    /** The notice held back, once the gap since the last one has passed; call it regularly. */
    Optional<EndNotice> due() {
        if (count == 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (lastShown != null && now.isBefore(lastShown.plus(gap))) {
            return Optional.empty();
        }
        lastShown = now;
        EndNotice notice = new EndNotice(count, held, count == 1 ? first : null, severalProjects ? null : project);
        held.clear();
        count = 0;
        first = null;
        return Optional.of(notice);
    }

    /** Forgets what is held (notifications were turned off). */
    void clear() {
        held.clear();
        count = 0;
        first = null;
    }
}

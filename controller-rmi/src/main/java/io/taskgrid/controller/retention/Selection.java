package io.taskgrid.controller.retention;

import io.taskgrid.api.task.TaskRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of the oldest tasks go, batch after batch, walking the history by id (ids grow with submission time).
 * A task goes when it ended and is outside a limit: it ended before {@code endedBefore}, or its id is below
 * {@code idBelow} (it is not among the newest N). It stays when the scheduler holds it, or when a DUPLICATE task
 * points at it (the duplicate's result is its result folder): it goes in a later sweep, after its duplicates.
 * The walk stops at the first task inside both limits: every later one was submitted later, so it ended later too.
 *
 * @param endedBefore the age limit, or {@code null} for none
 * @param idBelow     the count limit (the id of the oldest task to keep), or 0 for none
 */
record Selection(Instant endedBefore, long idBelow) {
    /** What one batch of the walk found. */
    record Batch(List<TaskRecord> doomed, int kept, long lastId, boolean more) {
    }

    /** Deletes nothing. */
    static final Selection NOTHING = new Selection(null, 0);

    boolean none() {
        return endedBefore == null && idBelow <= 0;
    }

    /**
     * Sorts a batch of the walk ({@code rows}: tasks in id order, as many as asked when {@code full}).
     *
     * @param duplicated ids that DUPLICATE tasks point at
     */
    Batch select(List<TaskRecord> rows, boolean full, Set<Long> duplicated) {
        List<TaskRecord> doomed = new ArrayList<>();
        int kept = 0;
        long lastId = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).id();
        for (TaskRecord r : rows) {
            if (!outsideLimits(r, r.submittedAt())) {
                return new Batch(doomed, kept, r.id(), false);
            }
            if (r.state().isFinal() && outsideLimits(r, r.endedAt() == null ? r.submittedAt() : r.endedAt())
                    && !duplicated.contains(r.id())) {
                doomed.add(r);
            } else {
                kept++;
            }
        }
        return new Batch(doomed, kept, lastId, full);
    }

    private boolean outsideLimits(TaskRecord r, Instant at) {
        return r.id() < idBelow || (endedBefore != null && at != null && at.isBefore(endedBefore));
    }
}

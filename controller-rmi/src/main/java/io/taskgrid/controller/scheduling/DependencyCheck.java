package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.history.TaskHistory;

import java.util.Map;
import java.util.function.LongFunction;

/**
 * Whether a dependency ({@code --after 41}) holds now, can never hold, or is still open, and how a wait reason names an
 * open one. A parent the scheduler holds is open; one that ended is read from the group commit's unsaved changes, then
 * from the history. A dependency on an array's id is one on the whole array: its progress as the scheduler counts it,
 * or the history's counts for one it does not hold. Scheduler thread.
 */
final class DependencyCheck {
    /** Whether a dependency holds, cannot hold any more, or is still open. */
    record Verdict(Kind kind, String why) {
        enum Kind { MET, NEVER, OPEN }

        static final Verdict MET = new Verdict(Kind.MET, null);
        static final Verdict OPEN = new Verdict(Kind.OPEN, null);

        static Verdict never(String why) {
            return new Verdict(Kind.NEVER, why);
        }
    }

    private final Pool pool;
    private final TaskHistory store;
    private final LongFunction<TaskRecord> unsaved;
    /** The arrays the scheduler holds members of ({@link Workflow}'s, read here). */
    private final Map<Long, ArrayProgress> arrays;
    /** Whether ids the scheduler no longer holds are arrays' ids, as the history said: the most recently asked. */
    private final Map<Long, Boolean> arrayness = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > 100_000;
        }
    };

    DependencyCheck(Pool pool, TaskHistory store, LongFunction<TaskRecord> unsaved, Map<Long, ArrayProgress> arrays) {
        this.pool = pool;
        this.store = store;
        this.unsaved = unsaved;
        this.arrays = arrays;
    }

    /**
     * Whether {@code id} is an array's id. A task the scheduler holds says so itself; others are asked of the history
     * once and remembered (an id is never given out again, so the answer never changes).
     */
    boolean isArray(long id) {
        if (arrays.containsKey(id)) {
            return true;
        }
        Job held = pool.jobs.get(id);
        if (held != null) {
            return held.record.firstOfArray();
        }
        return arrayness.computeIfAbsent(id, k -> store.array(k).isPresent());
    }

    /** Whether dependency {@code d} holds now, can never hold, or is still open. */
    Verdict check(Dependency d) {
        long id = d.taskId();
        if (isArray(id)) {
            return checkArray(d);
        }
        if (pool.jobs.containsKey(id)) {
            return Verdict.OPEN;
        }
        TaskRecord parent = unsaved.apply(id);
        if (parent == null) {
            parent = store.find(id).orElse(null);
        }
        if (parent == null) {
            return d.kind() == Dependency.Kind.ENDED ? Verdict.MET : Verdict.never("Task " + id + " is no longer in the "
                    + "history, so how it ended is unknown; this one will not run. Submit it again without --"
                    + d.kind().option() + " " + id + ".");
        }
        if (!parent.state().isFinal()) {
            return Verdict.OPEN; // submitted, and on its way to the scheduler
        }
        boolean ok = succeeded(parent.state());
        return switch (d.kind()) {
            case ENDED -> Verdict.MET;
            case SUCCEEDED -> ok ? Verdict.MET : Verdict.never("Task " + id + " " + endedIn(parent.state())
                    + ", so this one will not run.");
            case FAILED -> ok ? Verdict.never("Task " + id + " succeeded, so this one (for when it fails) will not run.")
                    : Verdict.MET;
        };
    }

    private Verdict checkArray(Dependency d) {
        long id = d.taskId();
        ArrayProgress a = arrays.get(id);
        int size;
        int ended;
        int notSucceeded;
        String firstFailed = null;
        if (a != null) {
            size = a.array.size();
            ended = a.ended;
            notSucceeded = a.notSucceeded;
            if (a.firstNotSucceeded != null) {
                firstFailed = a.firstNotSucceeded.displayId() + " " + endedIn(a.firstNotSucceeded.state());
            }
        } else {
            ArrayProgress committed = ArrayProgress.of(store.array(id).orElse(new TaskArray(0, 0, 1, 0)),
                    store.arrayCounts(id));
            size = committed.array.size();
            ended = committed.ended;
            notSucceeded = committed.notSucceeded;
        }
        boolean done = ended >= size;
        return switch (d.kind()) {
            case ENDED -> done ? Verdict.MET : Verdict.OPEN;
            case SUCCEEDED -> notSucceeded > 0 ? Verdict.never("Array " + id + " has " + (notSucceeded == 1 ? "a task"
                    : notSucceeded + " tasks") + " that did not succeed" + (firstFailed == null ? "" : " (" + firstFailed + ")")
                    + ", so this one will not run.") : done ? Verdict.MET : Verdict.OPEN;
            case FAILED -> !done ? Verdict.OPEN : notSucceeded > 0 ? Verdict.MET
                    : Verdict.never("Every task of array " + id + " succeeded, so this one (for when one fails) will not run.");
        };
    }

    /** "task 41 to succeed (it runs)" as a wait reason names a dependency that is still open. */
    String describe(Dependency d) {
        long id = d.taskId();
        ArrayProgress a = arrays.get(id);
        if (a != null) {
            return "array " + id + " to " + (d.kind() == Dependency.Kind.SUCCEEDED ? "succeed" : "end") + " (" + a.ended
                    + " of " + a.array.size() + " tasks ended)";
        }
        Job parent = pool.jobs.get(id);
        String now = parent == null ? "" : parent.phase().runs() ? " (it runs)" : parent.phase() == Phase.WAITING
                ? " (it waits too)" : " (it is queued)";
        return (isArray(id) ? "array " : "task ") + id + " to " + switch (d.kind()) {
            case SUCCEEDED -> "succeed";
            case ENDED -> "end";
            case FAILED -> "end (this runs if it fails)";
        } + now;
    }

    private static String endedIn(TaskState state) {
        return switch (state) {
            case FAILED -> "failed";
            case CANCELLED -> "was cancelled";
            case REJECTED -> "was rejected";
            default -> "ended " + state.label();
        };
    }

    /** Whether a task that ended so counts as having succeeded (a duplicate of a success does). */
    static boolean succeeded(TaskState state) {
        return state == TaskState.SUCCEEDED || state == TaskState.DUPLICATE;
    }
}

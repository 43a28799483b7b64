package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.history.TaskHistory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * What keeps a task out of the queue until others ended ({@code submit --after 41}) and what caps how many members of
 * an array run at once ({@code --array 1-1000%10}): such a task waits here ({@link Phase#WAITING}) and goes to its queue
 * when what it waits for came, or ends CANCELLED with a sentence when that can no longer come. Confined to the scheduler
 * thread; it decides nothing about placement.
 *
 * <p>A dependency on an array's id is one on the whole array. A task that ended is looked up in the group commit's
 * unsaved changes first, then in the history, so a parent that ended in the same batch is seen as ended.
 */
final class Workflow {
    private final Pool pool;
    private final TaskHistory store;
    private final LongFunction<TaskRecord> unsaved;
    private final Consumer<Job> toQueue;
    private final BiConsumer<Job, String> cancel;
    private final Consumer<TaskRecord> arrayFinished;

    /** The arrays the scheduler has held members of since it started: array id → how far it got. */
    private final Map<Long, ArrayProgress> arrays = new HashMap<>();
    /** Tasks waiting for a task to end: its id → their ids (some may have ended meanwhile: skipped then). */
    private final Map<Long, Set<Long>> waitingOnTask = new HashMap<>();
    /** Tasks waiting for a whole array to end: its id → their ids. */
    private final Map<Long, Set<Long>> waitingOnArray = new HashMap<>();
    /** How many of its dependencies each waiting task still waits for. */
    private final Map<Long, Integer> open = new HashMap<>();
    /** Ends still to be followed up: a cancellation may end further tasks, handled in turn rather than recursively. */
    private final ArrayDeque<TaskRecord> ends = new ArrayDeque<>();
    private boolean followingUp;
    private final DependencyCheck checks;

    /**
     * @param unsaved       a task's latest record not yet committed, or null
     * @param toQueue       puts a task that no longer waits into its queue (held when someone held it)
     * @param cancel        ends a task that can never start as CANCELLED, with the sentence why
     * @param arrayFinished told of the last member of an array to end (the array's report by mail goes then)
     */
    Workflow(Pool pool, TaskHistory store, LongFunction<TaskRecord> unsaved, Consumer<Job> toQueue,
             BiConsumer<Job, String> cancel, Consumer<TaskRecord> arrayFinished) {
        this.pool = pool;
        this.store = store;
        this.unsaved = unsaved;
        this.toQueue = toQueue;
        this.cancel = cancel;
        this.arrayFinished = arrayFinished;
        this.checks = new DependencyCheck(pool, store, unsaved, arrays);
    }

    /** A new array: its members come next, none ended yet. */
    void arrayArrived(long arrayId, TaskArray array) {
        arrays.putIfAbsent(arrayId, new ArrayProgress(array, 0, 0));
    }

    /**
     * A member of an array that holds an attempt on an agent or waits for a retry (after a restart): it counts against its
     * array's limit until it ends.
     */
    void admitted(Job j) {
        ArrayProgress a = progress(j.record);
        if (a != null) {
            a.running.add(j.id());
        }
    }

    /**
     * A task that comes into the scheduler queued or held (submitted, or taken back after a restart): to its queue
     * now ({@code toQueue}), or kept here, or cancelled when what it waits for can no longer come.
     */
    void arrive(Job j) {
        pool.jobs.put(j.id(), j);
        List<Dependency> after = j.record.after();
        if (!after.isEmpty()) {
            List<Dependency> pending = new ArrayList<>();
            for (Dependency d : after) {
                DependencyCheck.Verdict v = checks.check(d);
                if (v.kind() == DependencyCheck.Verdict.Kind.NEVER) {
                    cancel.accept(j, v.why());
                    return;
                }
                if (v.kind() == DependencyCheck.Verdict.Kind.OPEN) {
                    pending.add(d);
                }
            }
            if (!pending.isEmpty()) {
                for (Dependency d : pending) {
                    (checks.isArray(d.taskId()) ? waitingOnArray : waitingOnTask)
                            .computeIfAbsent(d.taskId(), k -> new LinkedHashSet<>()).add(j.id());
                }
                open.put(j.id(), pending.size());
                j.moveTo(Phase.WAITING);
                return;
            }
        }
        admitOrWaitForRoom(j);
    }

    /** A task the scheduler held reached a final state: what waited for it (or for its array) is looked at again. */
    void ended(TaskRecord finalRecord) {
        ends.add(finalRecord);
        if (followingUp) {
            return; // the loop below takes it
        }
        followingUp = true;
        try {
            TaskRecord r;
            while ((r = ends.poll()) != null) {
                followUp(r);
            }
        } finally {
            followingUp = false;
        }
    }

    /** Why a waiting task waits, in a sentence; {@code null} for one that does not wait here. */
    String reason(Job j) {
        if (j.phase() != Phase.WAITING) {
            return null;
        }
        Integer waitsFor = open.get(j.id());
        if (waitsFor != null) {
            List<String> parts = new ArrayList<>();
            for (Dependency d : j.record.after()) {
                if (checks.check(d).kind() == DependencyCheck.Verdict.Kind.OPEN) {
                    parts.add(checks.describe(d));
                }
            }
            return "Waits for " + String.join(", and for ", parts) + ".";
        }
        ArrayProgress a = progress(j.record);
        if (a != null) {
            return "Waits for room in array " + j.record.arrayId() + ": at most " + a.array.limit() + " of its tasks run at"
                    + " once, and " + a.running.size() + (a.running.size() == 1 ? " does" : " do") + "; " + a.ended + " of "
                    + a.array.size() + " have ended.";
        }
        return null;
    }

    // ------------------------------------------------------------------ internals

    private void followUp(TaskRecord r) {
        open.remove(r.id());
        ArrayProgress a = progress(r);
        if (a != null) {
            a.running.remove(r.id());
            a.waitingForRoom.remove(r.id());
            a.ended++;
            if (!DependencyCheck.succeeded(r.state())) {
                a.notSucceeded++;
                if (a.firstNotSucceeded == null || r.arrayIndex() < a.firstNotSucceeded.arrayIndex()) {
                    a.firstNotSucceeded = r;
                }
            }
            admitWaiting(a);
            if (a.finished()) {
                arrayFinished.accept(r);
                recheck(waitingOnArray.remove(r.arrayId()), r.arrayId());
            } else if (!DependencyCheck.succeeded(r.state())) {
                recheck(waitingOnArray.get(r.arrayId()), r.arrayId()); // one failure is enough for --after to fail
            }
        } else if (r.inArray()) {
            arrayFinished.accept(r); // an array this scheduler never held whole (cannot happen but for a test's own history)
        }
        recheck(waitingOnTask.remove(r.id()), r.id());
    }

    /** Looks again at the tasks that waited for {@code parentId}, which ended (or whose array did). */
    private void recheck(Set<Long> dependants, long parentId) {
        if (dependants == null) {
            return;
        }
        for (long id : dependants) {
            Job d = pool.jobs.get(id);
            if (d == null || d.phase() != Phase.WAITING || !open.containsKey(id)) {
                continue; // cancelled meanwhile
            }
            int stillOpen = open.get(id);
            String never = null;
            for (Dependency dep : d.record.after()) {
                if (dep.taskId() != parentId) {
                    continue;
                }
                DependencyCheck.Verdict v = checks.check(dep);
                if (v.kind() == DependencyCheck.Verdict.Kind.NEVER) {
                    never = v.why();
                    break;
                }
                if (v.kind() == DependencyCheck.Verdict.Kind.MET) {
                    stillOpen--;
                }
            }
            if (never != null) {
                open.remove(id);
                cancel.accept(d, never);
            } else if (stillOpen <= 0) {
                open.remove(id);
                admitOrWaitForRoom(d);
            } else {
                open.put(id, stillOpen);
            }
        }
    }

    private void admitOrWaitForRoom(Job j) {
        ArrayProgress a = progress(j.record);
        if (a != null && a.array.limited() && a.running.size() >= a.array.limit()) {
            a.waitingForRoom.add(j.id());
            if (j.phase() != Phase.WAITING) {
                j.moveTo(Phase.WAITING);
            }
            return;
        }
        if (a != null) {
            a.running.add(j.id());
        }
        toQueue.accept(j);
    }

    /** Lets the next members waiting for room in {@code a} go to their queue, lowest index first. */
    private void admitWaiting(ArrayProgress a) {
        while (!a.waitingForRoom.isEmpty() && a.running.size() < a.array.limit()) {
            long next = a.waitingForRoom.iterator().next();
            a.waitingForRoom.remove(next);
            Job j = pool.jobs.get(next);
            if (j != null && j.phase() == Phase.WAITING && !open.containsKey(next)) {
                a.running.add(next);
                toQueue.accept(j);
            }
        }
    }

    private ArrayProgress progress(TaskRecord r) {
        if (r.arrayId() == null) {
            return null;
        }
        ArrayProgress a = arrays.get(r.arrayId());
        if (a == null) { // taken back after a restart: what ended before is in the history
            Optional<TaskArray> array = store.array(r.arrayId());
            if (array.isEmpty()) {
                return null;
            }
            a = ArrayProgress.of(array.get(), store.arrayCounts(r.arrayId()));
            arrays.put(r.arrayId(), a);
        }
        return a;
    }

}

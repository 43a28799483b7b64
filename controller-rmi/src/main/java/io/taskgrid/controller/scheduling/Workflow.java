package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
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
    /** Whether a dependency holds, cannot hold any more, or is still open. */
    private record Verdict(Kind kind, String why) {
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
    /** Whether ids the scheduler no longer holds are arrays' ids, as the history said: the most recently asked. */
    private final Map<Long, Boolean> arrayness = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > 100_000;
        }
    };
    private boolean followingUp;

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
                Verdict v = check(d);
                if (v.kind() == Verdict.Kind.NEVER) {
                    cancel.accept(j, v.why());
                    return;
                }
                if (v.kind() == Verdict.Kind.OPEN) {
                    pending.add(d);
                }
            }
            if (!pending.isEmpty()) {
                for (Dependency d : pending) {
                    (isArray(d.taskId()) ? waitingOnArray : waitingOnTask)
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
                if (check(d).kind() == Verdict.Kind.OPEN) {
                    parts.add(describe(d));
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

    /** The progress of array {@code arrayId} when the scheduler holds it; empty otherwise. */
    Optional<ArrayProgress> array(long arrayId) {
        return Optional.ofNullable(arrays.get(arrayId));
    }

    /** How many tasks wait here (for tests and the summary). */
    int waiting() {
        int n = 0;
        for (Job j : pool.jobs.values()) {
            if (j.phase() == Phase.WAITING) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ internals

    private void followUp(TaskRecord r) {
        open.remove(r.id());
        ArrayProgress a = progress(r);
        if (a != null) {
            a.running.remove(r.id());
            a.waitingForRoom.remove(r.id());
            a.ended++;
            if (!succeeded(r.state())) {
                a.notSucceeded++;
                if (a.firstNotSucceeded == null || r.arrayIndex() < a.firstNotSucceeded.arrayIndex()) {
                    a.firstNotSucceeded = r;
                }
            }
            admitWaiting(a);
            if (a.finished()) {
                arrayFinished.accept(r);
                recheck(waitingOnArray.remove(r.arrayId()), r.arrayId());
            } else if (!succeeded(r.state())) {
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
                Verdict v = check(dep);
                if (v.kind() == Verdict.Kind.NEVER) {
                    never = v.why();
                    break;
                }
                if (v.kind() == Verdict.Kind.MET) {
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
            Map<TaskState, Integer> counts = store.arrayCounts(r.arrayId());
            int ended = 0;
            int notSucceeded = 0;
            for (Map.Entry<TaskState, Integer> e : counts.entrySet()) {
                if (e.getKey().isFinal()) {
                    ended += e.getValue();
                    if (!succeeded(e.getKey())) {
                        notSucceeded += e.getValue();
                    }
                }
            }
            a = new ArrayProgress(array.get(), ended, notSucceeded);
            arrays.put(r.arrayId(), a);
        }
        return a;
    }

    /**
     * Whether {@code id} is an array's id. A task the scheduler holds says so itself; others are asked of the history
     * once and remembered (an id is never given out again, so the answer never changes).
     */
    private boolean isArray(long id) {
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
    private Verdict check(Dependency d) {
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
            size = store.array(id).map(TaskArray::size).orElse(0);
            Map<TaskState, Integer> counts = store.arrayCounts(id);
            ended = 0;
            notSucceeded = 0;
            for (Map.Entry<TaskState, Integer> e : counts.entrySet()) {
                if (e.getKey().isFinal()) {
                    ended += e.getValue();
                    notSucceeded += succeeded(e.getKey()) ? 0 : e.getValue();
                }
            }
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
    private String describe(Dependency d) {
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

    private static boolean succeeded(TaskState state) {
        return state == TaskState.SUCCEEDED || state == TaskState.DUPLICATE;
    }

    /** How far one array got, as this scheduler counts it. */
    static final class ArrayProgress {
        final TaskArray array;
        /** Members that may run or do (in the queue, held, on an agent, waiting for a retry): at most the limit. */
        final Set<Long> running = new java.util.HashSet<>();
        /** Members kept back by the limit, lowest id (so lowest index) first. */
        final java.util.TreeSet<Long> waitingForRoom = new java.util.TreeSet<>();
        int ended;
        int notSucceeded;
        TaskRecord firstNotSucceeded;

        ArrayProgress(TaskArray array, int ended, int notSucceeded) {
            this.array = array;
            this.ended = ended;
            this.notSucceeded = notSucceeded;
        }

        boolean finished() {
            return ended >= array.size();
        }
    }
}

package io.taskgrid.fx;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.TaskState;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How an array reads in the window: {@code 42[1000]} for the array, {@code 42.7} for a member, its counts as marks
 * ("980✓ 15∑ 5X") and in words, and one state that stands for all of it (for the mark's colour).
 */
final class ArrayWords {
    /** The order counts are written in: what is done well first, then what goes on, then what went wrong. */
    private static final List<TaskState> ORDER = List.of(TaskState.SUCCEEDED, TaskState.DUPLICATE, TaskState.RUNNING,
            TaskState.QUEUED, TaskState.FAILED, TaskState.CANCELLED, TaskState.REJECTED);
    /** Failed indexes named in a row's text; the detail and {@code taskgrid show} name more. */
    private static final int FAILED_NAMED = 10;

    private ArrayWords() {
    }

    /** The id column's text: {@code 42[1000]} for an array (its size once known), {@code 42.7} for a member, else the id. */
    static String id(TaskRow.Shown s) {
        if (s.isArray()) {
            return s.task().id() + "[" + (s.array() == null ? "…" : Integer.toString(s.array().size())) + "]";
        }
        return s.task().displayId();
    }

    /** "980✓ 15∑ 5X": the members by state, as marks; "" before the counts are known. */
    static String counts(ArraySummary a) {
        if (a == null) {
            return "";
        }
        return ORDER.stream().filter(s -> a.count(s) > 0).map(s -> a.count(s) + s.mark()).collect(Collectors.joining(" "));
    }

    /** The row's message for an array: its counts, and the first failed indexes. */
    static String message(ArraySummary a) {
        if (a == null) {
            return "Counting its members…";
        }
        String failed = a.failedIndexes().isEmpty() ? "" : "; failed: " + a.failedIndexes().stream().limit(FAILED_NAMED)
                .map(String::valueOf).collect(Collectors.joining(", ")) + (a.failedIndexes().size() > FAILED_NAMED ? " …" : "");
        return counts(a) + failed;
    }

    /** "Array 42 (1-1000%2): 1000 tasks: 980 succeeded, 15 running, 5 failed." for the row's tooltip. */
    static String inWords(long arrayId, ArraySummary a) {
        if (a == null) {
            return "Array " + arrayId + "; its members are being counted.";
        }
        return "Array " + arrayId + " (" + a.array() + "): " + a.countsInWords() + (a.array().limited()
                ? "; at most " + a.array().limit() + " run at once." : ".");
    }

    /**
     * One state for the whole array, for its mark: running while any member runs, queued while any waits, else failed
     * when any did not succeed, else succeeded; the first member's state until the counts are known.
     */
    static TaskState state(TaskRow.Shown s) {
        ArraySummary a = s.array();
        if (!s.isArray() || a == null) {
            return s.task().state();
        }
        if (a.count(TaskState.RUNNING) > 0) {
            return TaskState.RUNNING;
        }
        if (a.count(TaskState.QUEUED) > 0) {
            return TaskState.QUEUED;
        }
        return a.notSucceeded() > 0 ? TaskState.FAILED : TaskState.SUCCEEDED;
    }
}

package io.taskgrid.api.task;

import java.io.Serializable;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task array at a glance ({@code taskgrid show 42} for an array): its members counted by state, and which failed.
 *
 * @param arrayId       the array's id (the id of its first member)
 * @param array         its indexes and limit
 * @param program       the program its members run, as people see it
 * @param clientUser    who submitted it
 * @param submittedAt   when it was submitted
 * @param counts        its members by state; states no member is in are left out
 * @param failedIndexes the indexes of members that failed (or timed out, were cancelled …: did not succeed), smallest
 *                      first, at most {@link #MAX_FAILED_LISTED}
 * @param endedAt       when its last member ended, or {@code null} while some has not
 */
public record ArraySummary(long arrayId, TaskArray array, String program, String clientUser, Instant submittedAt,
                           Map<TaskState, Integer> counts, List<Integer> failedIndexes, Instant endedAt)
        implements Serializable {
    /** Most failed indexes one summary lists. */
    public static final int MAX_FAILED_LISTED = 1_000;

    public ArraySummary {
        Objects.requireNonNull(array, "array");
        EnumMap<TaskState, Integer> copy = new EnumMap<>(TaskState.class);
        if (counts != null) {
            counts.forEach((state, n) -> {
                if (n != null && n > 0) {
                    copy.put(state, n);
                }
            });
        }
        counts = java.util.Collections.unmodifiableMap(copy);
        failedIndexes = failedIndexes == null ? List.of() : List.copyOf(failedIndexes);
    }

    /** How many members are in {@code state}. */
    public int count(TaskState state) {
        return counts.getOrDefault(state, 0);
    }

    /** How many members it has. */
    public int size() {
        return array.size();
    }

    /** How many members have ended, in any state. */
    public int ended() {
        return counts.entrySet().stream().filter(e -> e.getKey().isFinal()).mapToInt(Map.Entry::getValue).sum();
    }

    /** How many members ended without succeeding (a duplicate of an earlier success counts as one). */
    public int notSucceeded() {
        return ended() - count(TaskState.SUCCEEDED) - count(TaskState.DUPLICATE);
    }

    /** Whether every member has ended. */
    public boolean isFinished() {
        return ended() == size();
    }

    /** The counts in words: "1000 tasks: 980 succeeded, 15 running, 5 failed". */
    public String countsInWords() {
        StringBuilder b = new StringBuilder().append(size()).append(size() == 1 ? " task" : " tasks");
        String sep = ": ";
        for (Map.Entry<TaskState, Integer> e : counts.entrySet()) {
            b.append(sep).append(e.getValue()).append(' ').append(e.getKey().label());
            sep = ", ";
        }
        return b.toString();
    }
}

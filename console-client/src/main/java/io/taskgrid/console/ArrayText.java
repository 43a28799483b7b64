package io.taskgrid.console;

import io.taskgrid.api.Durations;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** A task array as people read it: its state at a glance, its members counted, which failed. */
final class ArrayText {
    /** Failed indexes named in {@code show}; the rest are counted ({@code history --array} lists them all). */
    static final int FAILED_NAMED = 30;

    private ArrayText() {
    }

    /**
     * The one state that stands for the array: succeeded when every member did, failed when all ended and some did not
     * succeed, running while one runs, else queued.
     */
    static TaskState overall(ArraySummary s) {
        if (s.isFinished()) {
            return s.notSucceeded() == 0 ? TaskState.SUCCEEDED
                    : s.count(TaskState.CANCELLED) == s.notSucceeded() ? TaskState.CANCELLED : TaskState.FAILED;
        }
        return s.count(TaskState.RUNNING) > 0 ? TaskState.RUNNING : TaskState.QUEUED;
    }

    /** "980✓ 15∑ 5X": each state's count and mark, in the states' order (a legend is in `history --help`). */
    static String counts(ArraySummary s) {
        return s.counts().entrySet().stream().map(e -> e.getValue() + e.getKey().mark()).collect(Collectors.joining(" "));
    }

    /** "42[1000]": the array's id and how many members it has, as the history's ID column shows it. */
    static String id(ArraySummary s) {
        return s.arrayId() + "[" + s.size() + "]";
    }

    /** "42.1 … 42.1000": its first and last members' names. */
    static String members(long arrayId, TaskArray array) {
        String first = arrayId + "." + array.first();
        return array.size() == 1 ? first : first + " … " + arrayId + "." + array.lastIndex();
    }

    /** "1000 tasks, 42.1 … 42.1000, at most 10 running at once". */
    static String extent(long arrayId, TaskArray array) {
        return array.size() + (array.size() == 1 ? " task, " : " tasks, ") + members(arrayId, array)
                + (array.limited() ? ", at most " + array.limit() + " running at once" : "");
    }

    /** From submission to its last member's end, or to {@code now} while some has started; "-" before any did. */
    static String elapsed(ArraySummary s, Instant now) {
        if (s.submittedAt() == null || (s.ended() == 0 && s.count(TaskState.RUNNING) == 0)) {
            return "-";
        }
        return Durations.format(Duration.between(s.submittedAt(), s.endedAt() != null ? s.endedAt() : now));
    }

    /** The head line of {@code show}: "running, 985 of 1000 ended", "failed: 5 of 1000 did not succeed". */
    static String state(ArraySummary s) {
        TaskState overall = overall(s);
        return switch (overall) {
            case SUCCEEDED -> "every member succeeded";
            case FAILED, CANCELLED -> "ended; " + s.notSucceeded() + " of " + s.size() + " did not succeed";
            default -> s.ended() + " of " + s.size() + " ended";
        };
    }

    /** The show lines below the head, but for the dependencies (the caller adds them), from program to members. */
    static Fields fields(ArraySummary s, TaskText text) {
        Fields f = new Fields();
        f.row("program", s.program());
        f.wrapped("indexes", s.array() + " (" + members(s.arrayId(), s.array())
                + (s.array().limited() ? ", at most " + s.array().limit() + " running at once)" : ")"));
        f.wrapped("members", s.countsInWords());
        if (!s.failedIndexes().isEmpty()) {
            f.wrapped("failed", failed(s));
        }
        f.row("submitted", text.when(s.submittedAt()) + (s.clientUser() == null ? "" : " by " + s.clientUser()));
        f.row("ended", text.when(s.endedAt()));
        return f;
    }

    /** "3, 17, 256" — the first {@link #FAILED_NAMED}, then how many more. */
    static String failed(ArraySummary s) {
        List<Integer> named = s.failedIndexes().subList(0, Math.min(FAILED_NAMED, s.failedIndexes().size()));
        String text = named.stream().map(String::valueOf).collect(Collectors.joining(", "));
        int more = s.notSucceeded() - named.size();
        return more > 0 ? text + " and " + more + " more (taskgrid history --array " + s.arrayId() + ")" : text;
    }
}

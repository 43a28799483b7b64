package io.taskgrid.console;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/** What a task waits for and what waits for it, in words: "task 41 to succeed; array 42 to end". */
final class DependencyText {
    /** Dependencies named one by one in {@code show}; each is looked up (is it an array?), so not all 10,000. */
    static final int NAMED = 10;
    /** Dependants named in {@code show}; the rest are counted. */
    static final int DEPENDANTS_NAMED = 20;
    /** Dependants asked of the controller to count them; more are said as "at least". */
    static final int DEPENDANTS_COUNTED = 1_000;

    private DependencyText() {
    }

    /**
     * "task 41 to succeed; array 42 to end; a member of array 44 to fail", the first {@link #NAMED}, then how many more.
     *
     * @param isArray whether an id is an array's (asked only for the ones named)
     */
    static String waitsFor(List<Dependency> after, LongPredicate isArray) {
        List<String> parts = new ArrayList<>();
        for (Dependency d : after.subList(0, Math.min(NAMED, after.size()))) {
            parts.add(one(d, isArray.test(d.taskId())));
        }
        String text = String.join("; ", parts);
        return after.size() > NAMED ? text + "; and " + (after.size() - NAMED) + " more" : text;
    }

    static String one(Dependency d, boolean array) {
        String what = (array ? "array " : "task ") + d.taskId();
        return switch (d.kind()) {
            case SUCCEEDED -> what + " to succeed";
            case ENDED -> what + " to end";
            case FAILED -> array ? "a member of " + what + " to fail" : what + " to fail";
        };
    }

    /** "task 50, task 51.3, array 60" and, past {@link #DEPENDANTS_NAMED}, how many there are in all. */
    static String neededBy(List<TaskRecord> dependants) {
        List<String> names = dependants.stream().limit(DEPENDANTS_NAMED)
                .map(t -> t.firstOfArray() ? "array " + t.id() : "task " + t.displayId()).toList();
        String text = String.join(", ", names);
        if (dependants.size() <= DEPENDANTS_NAMED) {
            return text;
        }
        return text + " … (" + (dependants.size() >= DEPENDANTS_COUNTED ? "at least " : "") + dependants.size()
                + " tasks in all)";
    }
}

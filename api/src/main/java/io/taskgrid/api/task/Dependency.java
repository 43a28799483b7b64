package io.taskgrid.api.task;

import java.io.Serializable;
import java.util.Objects;

/**
 * A task that must end before this one may start ({@code submit collect.py --after 42}). When {@code taskId} is the
 * id of an array, it names the whole array: every member must end so.
 *
 * @param kind   how it must end
 * @param taskId the task or array it waits for
 */
public record Dependency(Kind kind, long taskId) implements Serializable {
    /** How the task waited for must end. */
    public enum Kind {
        /** It (every member of an array) succeeded: {@code --after}. */
        SUCCEEDED("after", "succeeded"),
        /** It ended in any state: {@code --after-any}. */
        ENDED("after-any", "ended"),
        /** It (for an array: some member) did not succeed: {@code --after-failed}, for a clean-up. */
        FAILED("after-failed", "failed");

        private final String option;
        private final String outcome;

        Kind(String option, String outcome) {
            this.option = option;
            this.outcome = outcome;
        }

        /** The console option that asks for it, without its dashes. */
        public String option() {
            return option;
        }

        /** How the task waited for must end, in words ("succeeded"). */
        public String outcome() {
            return outcome;
        }
    }

    public Dependency {
        Objects.requireNonNull(kind, "kind");
        if (taskId < 1) {
            throw new IllegalArgumentException("A task waits for a task id of 1 or more, not " + taskId + ".");
        }
    }

    public static Dependency after(long taskId) {
        return new Dependency(Kind.SUCCEEDED, taskId);
    }

    @Override
    public String toString() {
        return "--" + kind.option + " " + taskId;
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.RetryPolicy;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Which ended attempts run again under their task's {@link RetryPolicy}, and what the history says about it: the rules
 * in one place. Retried: a FAILED run that exited with a code the policy covers (any non-zero code when it lists none),
 * while retries are left. Never retried: a cancelled task (or one whose cancel was asked), a timeout (the program used
 * all the time it was given; running it again would use it again: raise {@code --timeout} instead), a syntax error found
 * by the agent's check or by javac, a task stopped for its memory, and any other failure without an exit code (the
 * program could not be staged or started). A re-run after a lost agent is not a retry: {@link Lifecycle#requeueOrFail}
 * does that on its own, and it uses none of the retries.
 */
final class RetryRule {
    /** How the agent's message for a task stopped for its memory starts. */
    static final String MEMORY_STOP = "Stopped: its processes";
    /** How the agent's message for a syntax error starts (its check, or javac's for a java single-file program). */
    static final String SYNTAX_ERROR = "Syntax error in ";
    /** How the agent's message for a timeout starts. */
    static final String TIMEOUT = "Timed out";

    /**
     * What becomes of a task whose attempt ended as {@code ended}.
     *
     * @param retry whether it runs again
     * @param note  for one that does not: a sentence on why, for the final message when the task had a policy (or ran
     *              more than once); {@code null} when there is nothing to add
     */
    record Decision(boolean retry, String note) {
        static final Decision NOT_CONCERNED = new Decision(false, null);
    }

    private RetryRule() {
    }

    /** @param cancelRequested whether someone asked to cancel the task while it ran */
    static Decision decide(TaskRecord ended, boolean cancelRequested) {
        RetryPolicy policy = ended.retry();
        if (ended.state() != TaskState.FAILED || cancelRequested) {
            return Decision.NOT_CONCERNED;
        }
        if (!policy.enabled()) {
            return ended.attempt() > 1 ? new Decision(false, "Failed after " + attempts(ended.attempt()) + ".") : Decision.NOT_CONCERNED;
        }
        String message = ended.message() == null ? "" : ended.message();
        String whyNot;
        if (ended.exitCode() == null) {
            whyNot = message.startsWith(TIMEOUT) ? "a timeout is not retried (give a longer --timeout)"
                    : message.startsWith(MEMORY_STOP) ? "a task stopped for its memory is not retried (ask for more with --memory)"
                    : message.startsWith(SYNTAX_ERROR) ? "a syntax error is not retried"
                    : "only a run that exits with a code is retried";
        } else if (message.startsWith(SYNTAX_ERROR)) {
            whyNot = "a syntax error is not retried";
        } else if (!policy.coversExitCode(ended.exitCode())) {
            whyNot = "exit code " + ended.exitCode() + " is not among the --retry-on-exit codes ("
                    + policy.onExit().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        } else if (ended.retriesUsed() >= policy.retries()) {
            return new Decision(false, "Failed after " + attempts(ended.attempt()) + "; "
                    + (policy.retries() == 1 ? "its retry was used." : "all " + policy.retries() + " retries were used."));
        } else {
            return new Decision(true, null);
        }
        return new Decision(false, (ended.attempt() > 1 ? "Failed after " + attempts(ended.attempt()) + "; not retried: "
                : "Not retried: ") + whyNot + ".");
    }

    /** "1 attempt", "4 attempts". */
    static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    /** What the attempt's row and the waiting task say: "Exited with code 75; retry 1 of 3 in 30 s." */
    static String retryReason(TaskRecord ended, int retry, Instant at, Instant now) {
        String head = ended.message() == null ? "Exited with code " + ended.exitCode() : strip(ended.message());
        RetryPolicy p = ended.retry();
        String when = at.isAfter(now) ? " in " + RetryPolicy.seconds(p.delay()) : " at once";
        return head + "; retry " + retry + " of " + p.retries() + when + ".";
    }

    private static String strip(String message) {
        String m = message.strip();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /** The final message of a task that is not retried: the attempt's message, then the note. */
    static String finalMessage(String message, Decision d) {
        if (d.note() == null) {
            return message;
        }
        return message == null || message.isBlank() ? d.note() : message.strip() + " " + d.note();
    }
}

package io.taskgrid.controller;

import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.controller.submission.Verdict;

/**
 * Who may put a task ahead of others: anyone may lower their own tasks' priority (or raise it back to the default),
 * only an administrator raises one above the default. Without it, one user's `--priority 100` would put a whole
 * sweep ahead of every colleague's work. Without log-in every client is an administrator, as before.
 */
final class PriorityRule {
    static final int DEFAULT = 0;

    private PriorityRule() {
    }

    /** Why {@code user} may not give a task {@code priority}, or {@code null} when they may. */
    static String refusal(Authenticator.Login login, String user, int priority) {
        if (login.admin() || priority <= DEFAULT) {
            return null;
        }
        return "Only an administrator may raise a task's priority above " + DEFAULT + " (the default); user " + user
                + " asked for " + priority + ". Leave --priority out, or give " + DEFAULT + " or less.";
    }

    /** The validator's verdict, or a refusal when the spec asks for a priority this user may not give. */
    static Verdict apply(Authenticator.Login login, String user, TaskSpec spec, Verdict verdict) {
        String refusal = verdict.accepted() ? refusal(login, user, spec.priority()) : null;
        return refusal == null ? verdict : verdict.refused(refusal);
    }
}

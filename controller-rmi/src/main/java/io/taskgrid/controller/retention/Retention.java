package io.taskgrid.controller.retention;

import java.time.Duration;

/**
 * How long the controller keeps ended tasks: for {@code keepFor} after they ended and/or the newest {@code keepTasks}
 * tasks; a task outside either limit that is on (non-null) is deleted by the background sweep. A task still in the
 * scheduler (queued, held, running) is never deleted.
 *
 * @param keepFor       how long an ended task stays, counted from its end; {@code null}: no limit of age
 * @param keepTasks     how many tasks (newest, of any state) stay; {@code null}: no limit of count
 * @param deleteResults whether a deleted task's result folder ({@code results/<project>/<id>/} on the shared
 *                      folder) goes with it
 */
public record Retention(Duration keepFor, Long keepTasks, boolean deleteResults) {
    public static final int DEFAULT_KEEP_DAYS = 90;
    public static final long DEFAULT_KEEP_TASKS = 1_000_000;
    public static final Retention DEFAULT = new Retention(Duration.ofDays(DEFAULT_KEEP_DAYS), DEFAULT_KEEP_TASKS, false);
    /** Keeps everything. */
    public static final Retention OFF = new Retention(null, null, false);

    public Retention {
        if (keepFor != null && (keepFor.isNegative() || keepFor.isZero())) {
            throw new IllegalArgumentException("Tasks must be kept for longer than zero; set --keep-days to 1 or more, or to off.");
        }
        if (keepTasks != null && keepTasks < 1) {
            throw new IllegalArgumentException("At least one task must be kept, not " + keepTasks
                    + "; set --keep-tasks to 1 or more, or to off.");
        }
    }

    /** Whether the sweep deletes anything at all. */
    public boolean limited() {
        return keepFor != null || keepTasks != null;
    }

    /** In words, for the log and the start-up summary: "90 days or the newest 1000000 tasks; result folders kept". */
    public String describe() {
        String limits = !limited() ? "every task"
                : (keepFor == null ? "" : keepFor.toDays() + " days")
                + (keepFor != null && keepTasks != null ? ", and at most " : "")
                + (keepTasks == null ? "" : "the newest " + keepTasks + " tasks");
        return limits + "; result folders " + (deleteResults ? "deleted with their tasks" : "kept");
    }
}

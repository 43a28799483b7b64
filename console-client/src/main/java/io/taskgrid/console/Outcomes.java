package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;

/** How an ended task turns into a closing sentence and an exit code. */
final class Outcomes {
    private Outcomes() {
    }

    static int exitCode(TaskRecord task) {
        return switch (task.state()) {
            // A duplicate's result is there already (the earlier task's): as good as a success.
            case SUCCEEDED, DUPLICATE -> ExitCodes.OK;
            case REJECTED -> ExitCodes.USAGE;
            default -> ExitCodes.TASK_FAILED;
        };
    }

    /** "Task 42 failed: Exited with code 3." for a task that did not succeed, else {@code null}. */
    static String endingSentence(TaskRecord task) {
        String reason = task.message();
        if (reason == null && task.exitCode() != null) {
            reason = "Exited with code " + task.exitCode() + ".";
        }
        return switch (task.state()) {
            case FAILED -> "Task " + task.id() + " failed" + (reason == null ? "." : ": " + reason);
            case CANCELLED -> "Task " + task.id() + " was cancelled" + (task.message() == null ? "." : ": " + task.message());
            case REJECTED -> "Task " + task.id() + " was rejected" + (task.message() == null ? "." : ": " + task.message());
            default -> null;
        };
    }
}

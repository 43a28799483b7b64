package io.taskgrid.console;

/** The exit codes of the {@code taskgrid} client commands (the command-line contract). */
public final class ExitCodes {
    /** Done; with {@code --wait}: the task succeeded. */
    public static final int OK = 0;
    /** The task failed or was cancelled. */
    public static final int TASK_FAILED = 1;
    /** Bad usage, or input the console or the controller refused. */
    public static final int USAGE = 2;
    /** No controller answered. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}

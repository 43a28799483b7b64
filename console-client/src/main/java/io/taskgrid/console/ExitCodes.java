package io.taskgrid.console;

import io.taskgrid.client.ClientException;
import io.taskgrid.client.ControllerUnreachableException;

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

    /** What a command that stopped on {@code e} returns. */
    static int of(ClientException e) {
        if (e instanceof ControllerUnreachableException) {
            return UNREACHABLE;
        }
        if (e instanceof TaskFollower.FollowInterruptedException) {
            return TASK_FAILED;
        }
        return USAGE;
    }
}

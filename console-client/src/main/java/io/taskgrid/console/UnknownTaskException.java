package io.taskgrid.console;

/** The controller knows no task with this id; exit code 2. */
public class UnknownTaskException extends ConsoleException {
    private static final long serialVersionUID = 1L;
    private final long taskId;

    public UnknownTaskException(long taskId, Throwable cause) {
        super("There is no task " + taskId + "; `taskgrid history` lists the known tasks.", ExitCodes.USAGE, cause);
        this.taskId = taskId;
    }

    public long taskId() {
        return taskId;
    }
}

package io.taskgrid.api;

/** The task id names no task in the controller's history. */
public class NoSuchTaskException extends TaskGridException {
    private static final long serialVersionUID = 1L;
    private final long taskId;

    public NoSuchTaskException(long taskId) {
        super("There is no task " + taskId + "; `taskgrid history` lists the known tasks.");
        this.taskId = taskId;
    }

    public long taskId() {
        return taskId;
    }
}

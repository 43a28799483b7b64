package io.taskgrid.client;

/** The controller knows no task with this id. */
public final class UnknownTaskException extends ClientException {
    private static final long serialVersionUID = 1L;
    private final long taskId;

    public UnknownTaskException(long taskId, Directions directions, Throwable cause) {
        super("There is no task " + taskId + "; " + directions.knownTasks() + ".", cause);
        this.taskId = taskId;
    }

    public long taskId() {
        return taskId;
    }
}

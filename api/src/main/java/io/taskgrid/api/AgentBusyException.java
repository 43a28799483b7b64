package io.taskgrid.api;

/** The agent has no free slot or is shutting down; the controller keeps the task queued. */
public class AgentBusyException extends TaskGridException {
    private static final long serialVersionUID = 1L;

    public AgentBusyException(String message) {
        super(message);
    }
}

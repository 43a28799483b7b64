package io.taskgrid.client;

/** No controller answered, or it broke off the conversation: the connection is lost. Keeps the RMI cause. */
public class ControllerUnreachableException extends ClientException {
    private static final long serialVersionUID = 1L;

    public ControllerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}

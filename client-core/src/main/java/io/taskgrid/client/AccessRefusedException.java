package io.taskgrid.client;

/** The controller refused this client or this request; the connection itself is fine. */
public class AccessRefusedException extends ClientException {
    private static final long serialVersionUID = 1L;

    public AccessRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}

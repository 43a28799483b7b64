package io.taskgrid.policy.transport;

/** TLS cannot be set up; the message names the file and the fix. */
public class TlsException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}

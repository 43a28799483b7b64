package io.taskgrid.client;

/**
 * The controller wants (other) credentials: it asks for a log-in and none was given, or the user name or password
 * was wrong. The message is the controller's sentence.
 */
public final class LoginNeededException extends AccessRefusedException {
    private static final long serialVersionUID = 1L;
    private final boolean wrongCredentials;

    public LoginNeededException(String message, boolean wrongCredentials, Throwable cause) {
        super(message, cause);
        this.wrongCredentials = wrongCredentials;
    }

    /** True when a password was given and refused; false when none was given. */
    public boolean wrongCredentials() {
        return wrongCredentials;
    }
}

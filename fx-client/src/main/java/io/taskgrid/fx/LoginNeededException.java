package io.taskgrid.fx;

/**
 * The controller wants (other) credentials: it asks for a log-in and none was given, or the user name or password
 * was wrong. The message is the controller's sentence, shown in the log-in dialog.
 */
final class LoginNeededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean wrongCredentials;

    LoginNeededException(String message, boolean wrongCredentials, Throwable cause) {
        super(message, cause);
        this.wrongCredentials = wrongCredentials;
    }

    /** True when a password was given and refused; false when none was given. */
    boolean wrongCredentials() {
        return wrongCredentials;
    }
}

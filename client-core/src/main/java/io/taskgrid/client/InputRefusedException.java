package io.taskgrid.client;

/** Input the client (or the controller) refuses: a missing program, data off the shared folder, a malformed field. */
public class InputRefusedException extends ClientException {
    private static final long serialVersionUID = 1L;

    public InputRefusedException(String message) {
        super(message, null);
    }

    /** A refusal that came from the controller, kept as the cause. */
    public InputRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.taskgrid.console;

/** The controller refused this client or this request; exit code 2. */
public class AccessRefusedException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public AccessRefusedException(String message, Throwable cause) {
        super(message, ExitCodes.USAGE, cause);
    }
}

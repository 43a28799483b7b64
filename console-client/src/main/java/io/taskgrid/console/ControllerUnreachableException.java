package io.taskgrid.console;

/** No controller answered (or it broke off the conversation); exit code 3. Keeps the RMI cause. */
public class ControllerUnreachableException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public ControllerUnreachableException(String message, Throwable cause) {
        super(message, ExitCodes.UNREACHABLE, cause);
    }
}

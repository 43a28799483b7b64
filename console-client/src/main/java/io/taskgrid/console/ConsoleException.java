package io.taskgrid.console;

/**
 * Root of the console's unchecked errors: the message is one sentence for the person at the terminal,
 * the exit code is what the command returns.
 */
public class ConsoleException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public ConsoleException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public ConsoleException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

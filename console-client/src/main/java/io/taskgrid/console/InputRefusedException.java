package io.taskgrid.console;

/** Input the console (or the controller) refuses: a missing file, data off the shared folder, a rejected task; exit code 2. */
public class InputRefusedException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    public InputRefusedException(String message) {
        super(message, ExitCodes.USAGE);
    }
}

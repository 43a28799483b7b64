package io.taskgrid.fx;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the desktop client starts.
 *
 * @param controller       the controller to connect to first ("Connect to…" switches at run time)
 * @param user             user name sent to the controller
 * @param callbackPort     port the callback object is exported on; 0 for any free port (open it in a firewall
 *                         when the controller is on another host)
 * @param pullEvents       never ask for callbacks, pull events instead (behind NAT)
 * @param workingDirectory where relative program paths typed in the submit dialog start
 */
public record DesktopOptions(ControllerAddress controller, String user, int callbackPort, boolean pullEvents,
                             Path workingDirectory) {
    public DesktopOptions {
        Objects.requireNonNull(controller, "controller");
        user = user == null || user.isBlank() ? "unknown" : user;
        if (callbackPort < 0 || callbackPort > 65_535) {
            throw new IllegalArgumentException("The callback port must be between 0 (any free port) and 65535, not "
                    + callbackPort + ".");
        }
        workingDirectory = workingDirectory == null ? Path.of("").toAbsolutePath() : workingDirectory;
    }

    /** This user, any callback port, callbacks on, the current folder. */
    public static DesktopOptions of(ControllerAddress controller) {
        return new DesktopOptions(controller, System.getProperty("user.name"), 0, false, null);
    }
}

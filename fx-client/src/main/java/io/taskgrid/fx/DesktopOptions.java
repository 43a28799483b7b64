package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.policy.transport.RmiTransport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the desktop client starts.
 *
 * @param controller       the controller to connect to first ("Connect to…" switches at run time)
 * @param user             user name sent to the controller (and prefilled in the log-in dialog)
 * @param password         password for controllers that want a log-in, or {@code null} to ask in a dialog when one
 *                         does ({@code TASKGRID_PASSWORD})
 * @param callbackPort     port the callback object is exported on; 0 for any free port (open it in a firewall
 *                         when the controller is on another host)
 * @param pullEvents       never ask for callbacks, pull events instead (behind NAT)
 * @param workingDirectory where relative program paths typed in the submit dialog start
 * @param transport        how the registry is looked up and the callback exported: {@link RmiTransport#tls} for
 *                         controllers with TLS, else {@link RmiTransport#plain}; always with the serial filter
 */
public record DesktopOptions(ControllerAddress controller, String user, String password, int callbackPort,
                             boolean pullEvents, Path workingDirectory, RmiTransport transport) {
    public DesktopOptions {
        Objects.requireNonNull(controller, "controller");
        user = user == null || user.isBlank() ? "unknown" : user.strip();
        if (callbackPort < 0 || callbackPort > 65_535) {
            throw new IllegalArgumentException("The callback port must be between 0 (any free port) and 65535, not "
                    + callbackPort + ".");
        }
        workingDirectory = workingDirectory == null ? Path.of("").toAbsolutePath() : workingDirectory;
        transport = transport == null ? RmiTransport.plain() : transport;
    }

    /** Without a password (asked when needed) and over plain RMI. */
    public DesktopOptions(ControllerAddress controller, String user, int callbackPort, boolean pullEvents, Path workingDirectory) {
        this(controller, user, null, callbackPort, pullEvents, workingDirectory, null);
    }

    /** This user, any callback port, callbacks on, the current folder, plain RMI. */
    public static DesktopOptions of(ControllerAddress controller) {
        return new DesktopOptions(controller, System.getProperty("user.name"), 0, false, null);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DesktopOptions[controller=" + controller + ", user=" + user + (password == null ? "" : ", password set")
                + ", callbackPort=" + callbackPort + ", pullEvents=" + pullEvents + ", workingDirectory=" + workingDirectory
                + ", transport=" + transport + "]";
    }
}

package io.taskgrid.launcher;

import io.taskgrid.policy.DataFolders;
import io.taskgrid.policy.users.OwnerToken;

import java.nio.file.Path;
import java.util.Map;

/** What server commands take from the process: its variables and home, and where RMI stubs point. */
final class ServerEnvironment {
    /** What a server that listens on this machine only announces in its stubs. */
    static final String LOOPBACK = "127.0.0.1";

    private final Map<String, String> variables;
    private final String userHome;

    ServerEnvironment(Map<String, String> variables, String userHome) {
        this.variables = variables;
        this.userHome = userHome;
    }

    static ServerEnvironment system() {
        return new ServerEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    /** Where a {@code taskgrid local} on {@code port} keeps the token its owner's processes show. */
    Path ownerTokenFile(int port) {
        return OwnerToken.fileFor(variables, userHome, port);
    }

    /** Whether a window can be shown here: an X11 or Wayland display is named. */
    boolean hasDisplay() {
        return io.taskgrid.fx.DesktopClient.displayAvailable(variables);
    }

    /** An environment variable, or {@code null}. */
    String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    Path defaultDataDir() {
        return DataFolders.defaultDataDir(variables, userHome);
    }

    /**
     * Stubs carry the address their server announces; on a host with several addresses peers must be told
     * which one to call. RMI reads this JVM-wide property when it exports, so it is set before any export.
     */
    void advertise(String host) {
        if (host != null && !host.isBlank()) {
            System.setProperty("java.rmi.server.hostname", host);
        }
    }
}

package io.taskgrid.api.client;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a client introduces itself.
 *
 * @param user     user name
 * @param kind     console, desktop or script
 * @param password password for log-in, or {@code null} where the controller does not ask for one
 */
public record ClientHello(String user, ClientKind kind, String password) implements Serializable {
    public ClientHello {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return "ClientHello[user=" + user + ", kind=" + kind + ", password=" + (password == null ? "none" : "***") + "]";
    }
}

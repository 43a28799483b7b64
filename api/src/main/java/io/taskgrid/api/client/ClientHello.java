package io.taskgrid.api.client;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a client introduces itself.
 *
 * @param user     user name
 * @param kind     console, desktop or script
 * @param password   password for log-in, or {@code null} where the controller does not ask for one
 * @param ownerToken the secret of a {@code taskgrid local} this user owns on this machine, or {@code null}
 */
public record ClientHello(String user, ClientKind kind, String password, String ownerToken) implements Serializable {
    public ClientHello {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
    }

    public ClientHello(String user, ClientKind kind, String password) {
        this(user, kind, password, null);
    }

    public ClientHello withOwnerToken(String token) {
        return new ClientHello(user, kind, password, token);
    }

    @Override
    public String toString() {
        return "ClientHello[user=" + user + ", kind=" + kind + ", password=" + (password == null ? "none" : "***")
                + (ownerToken == null ? "" : ", ownerToken=***") + "]";
    }
}

package io.taskgrid.client.session;

import java.util.Objects;

/**
 * Who the client logs in as.
 *
 * @param user     the user name sent to the controller
 * @param password the password, or {@code null} when none is known yet (a controller without log-in needs none)
 */
public record Credentials(String user, String password) {
    public Credentials {
        Objects.requireNonNull(user, "user");
    }

    /** The same user with {@code newPassword}. */
    public Credentials withPassword(String newPassword) {
        return new Credentials(user, newPassword);
    }

    /** Never prints the password (logs, exception messages). */
    @Override
    public String toString() {
        return "Credentials[user=" + user + (password == null ? ", no password]" : ", password set]");
    }
}

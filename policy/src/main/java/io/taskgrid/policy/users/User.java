package io.taskgrid.policy.users;

import java.util.Objects;

/** A user of the users file, without its secret. */
public record User(String name, Role role) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}

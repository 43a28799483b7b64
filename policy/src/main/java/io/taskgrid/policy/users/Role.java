package io.taskgrid.policy.users;

/** What a user may do: run and follow tasks, or also administer (list clients and agents, manage users). */
public enum Role {
    USER, ADMIN
}

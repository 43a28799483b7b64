package io.taskgrid.api.client;

/** Which kind of client opened a session. */
public enum ClientKind {
    CONSOLE, DESKTOP, SCRIPT
}

package io.taskgrid.api;

/** The protocol version both ends of an RMI session must share. */
public final class Version {
    public static final String PROTOCOL = "3";

    private Version() {
    }
}

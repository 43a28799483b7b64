package io.taskgrid.controller;

import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;

/** The address of whoever makes the current remote call. */
final class Callers {
    /** What an in-process call (not through RMI) is called. */
    static final String LOCAL = "local";

    private Callers() {
    }

    static String host() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return LOCAL;
        }
    }
}

package io.taskgrid.api.client;

import java.io.Serializable;
import java.time.Instant;

/**
 * A connected client as the controller sees it.
 *
 * @param id          session id the controller gave it
 * @param user        user name
 * @param host        the address it connected from
 * @param kind        console, desktop or script
 * @param connectedAt when the session opened
 * @param callbacks   whether the controller pushes events to it (else it pulls)
 */
public record ClientInfo(String id, String user, String host, ClientKind kind, Instant connectedAt, boolean callbacks)
        implements Serializable {
}

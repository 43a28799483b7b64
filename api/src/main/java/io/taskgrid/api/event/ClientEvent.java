package io.taskgrid.api.event;

import io.taskgrid.api.client.ClientInfo;

import java.time.Instant;
import java.util.Objects;

/** A client connected or disconnected. */
public record ClientEvent(long sequence, Instant at, Kind kind, ClientInfo client) implements GridEvent {
    public enum Kind { CONNECTED, DISCONNECTED }

    public ClientEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
    }
}

package io.taskgrid.api.event;

import java.io.Serializable;
import java.time.Instant;

/** Something that changed on the grid, numbered in the order the controller announced it. */
public sealed interface GridEvent extends Serializable permits TaskEvent, AgentEvent, ClientEvent {
    long sequence();

    Instant at();
}

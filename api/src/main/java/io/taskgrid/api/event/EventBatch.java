package io.taskgrid.api.event;

import java.io.Serializable;
import java.util.List;

/**
 * Events for a client that pulls them.
 *
 * @param events       in sequence order
 * @param lastSequence pass this as {@code afterSequence} next time
 * @param missed       true when events older than the controller keeps were skipped: reload what you show
 */
public record EventBatch(List<GridEvent> events, long lastSequence, boolean missed) implements Serializable {
    public EventBatch {
        events = events == null ? List.of() : List.copyOf(events);
    }
}

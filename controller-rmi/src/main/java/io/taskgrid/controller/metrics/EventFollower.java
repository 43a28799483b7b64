package io.taskgrid.controller.metrics;

import io.taskgrid.api.event.EventBatch;
import io.taskgrid.controller.events.EventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the hub's ring from a sequence on, without waiting, and hands the events to the {@link EventFold}: the
 * publishers (the scheduler thread, RMI threads) do nothing more for it. Should the ring have moved past it (more than
 * the ring's size between two polls), the fold is taken again from the grid's state and the miss counted. Metrics
 * thread only.
 */
final class EventFollower {
    private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);
    private static final int MAX_ROUNDS = 20;

    private final EventHub hub;
    private final EventFold fold;
    private final Runnable reseed;
    private long after;

    EventFollower(EventHub hub, EventFold fold, long after, Runnable reseed) {
        this.hub = hub;
        this.fold = fold;
        this.after = after;
        this.reseed = reseed;
    }

    /** Applies what was published since the last poll (a few pulls when there is much); answers how many events. */
    int poll() {
        int read = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            EventBatch batch = hub.eventsSince(after);
            if (batch.missed()) {
                LOG.warn("The metrics fell behind the events after sequence {}; taking the grid's state again", after);
                fold.missed();
                reseed.run();
            }
            batch.events().forEach(fold::apply);
            read += batch.events().size();
            after = batch.lastSequence();
            if (batch.events().isEmpty()) {
                return read;
            }
        }
        return read;
    }
}

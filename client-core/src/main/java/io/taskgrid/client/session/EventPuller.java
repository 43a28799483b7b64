package io.taskgrid.client.session;

import io.taskgrid.api.event.EventBatch;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Pulls events by long poll for a session the controller cannot call back, on a thread of its own
 * ("taskgrid-event-pull"), while that session is the current one; {@link #stop()} ends it for good.
 */
final class EventPuller {
    private static final Logger LOG = LoggerFactory.getLogger(EventPuller.class);

    private final Duration wait;
    private final ConnectionListener listener;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(NamedThreads.daemon("taskgrid-event-pull"));

    /** @param wait how long one poll may wait for events at the controller */
    EventPuller(Duration wait, ConnectionListener listener) {
        this.wait = Objects.requireNonNull(wait, "wait");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Pulls from {@code gateway} until {@code current} no longer holds for it; a failed poll is reported to
     * {@code lost} and ends the pulling.
     */
    void start(ControllerGateway gateway, Predicate<ControllerGateway> current,
               BiConsumer<ControllerGateway, ClientException> lost) {
        try {
            thread.execute(() -> pull(gateway, current, lost));
        } catch (RejectedExecutionException e) {
            LOG.debug("Event pulling stopped; not starting it for {}", gateway.address());
        }
    }

    private void pull(ControllerGateway gateway, Predicate<ControllerGateway> current,
                      BiConsumer<ControllerGateway, ClientException> lost) {
        long after = 0;
        while (!Thread.currentThread().isInterrupted() && current.test(gateway)) {
            EventBatch batch;
            try {
                batch = gateway.events(after, wait);
            } catch (ClientException e) {
                lost.accept(gateway, e);
                return;
            }
            if (!current.test(gateway)) {
                return;
            }
            if (batch.missed() && after != 0) {
                listener.missed();
            }
            after = batch.lastSequence();
            if (!batch.events().isEmpty()) {
                listener.events(batch.events());
            }
        }
    }

    /** Stops pulling for good; idempotent. */
    void stop() {
        thread.shutdownNow();
    }
}

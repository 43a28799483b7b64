package io.taskgrid.controller.events;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.event.GridEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.RemoteException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One client's bounded queue and the sender that drains it in batches of at most {@link #BATCH} events per
 * {@code onEvents} call. Runs on a pooled thread only while it has events; a slow client delays only itself.
 */
final class CallbackSender {
    static final int BATCH = 500;
    static final int MAX_FAILURES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);

    private final String clientId;
    private final ClientCallback callback;
    private final int capacity;
    private final Consumer<String> onDrop;
    private final ArrayDeque<GridEvent> queue = new ArrayDeque<>();
    private boolean running;
    private boolean stopped;
    private int failures;
    private boolean overflowed;
    private boolean dropReported;

    CallbackSender(String clientId, ClientCallback callback, int capacity, Consumer<String> onDrop) {
        this.clientId = clientId;
        this.callback = callback;
        this.capacity = capacity;
        this.onDrop = onDrop;
    }

    /** Queues an event; true when the sender must be started (or, on overflow, run once to drop the client). */
    synchronized boolean offer(GridEvent event) {
        if (stopped) {
            return false;
        }
        if (queue.size() >= capacity) {
            overflowed = true;
            stopped = true;
            queue.clear();
        } else {
            queue.add(event);
        }
        if (running) {
            return false;
        }
        running = true;
        return true;
    }

    void start(Executor executor) {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.debug("Event sender for client {} not started: the controller is stopping", clientId);
        }
    }

    synchronized void stop() {
        stopped = true;
        queue.clear();
    }

    private void drain() {
        while (true) {
            List<GridEvent> batch;
            synchronized (this) {
                if (stopped) {
                    running = false;
                    if (overflowed && !dropReported) {
                        dropReported = true;
                        break;
                    }
                    return;
                }
                if (queue.isEmpty()) {
                    running = false;
                    return;
                }
                batch = new ArrayList<>(Math.min(BATCH, queue.size()));
                while (batch.size() < BATCH && !queue.isEmpty()) {
                    batch.add(queue.poll());
                }
            }
            try {
                callback.onEvents(batch);
                synchronized (this) {
                    failures = 0;
                }
            } catch (RemoteException e) {
                int failed;
                synchronized (this) {
                    failed = ++failures;
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        queue.addFirst(batch.get(i));
                    }
                }
                LOG.warn("Delivering {} events to client {} failed ({} of {}): {}", batch.size(), clientId, failed, MAX_FAILURES,
                        e.getMessage());
                if (failed >= MAX_FAILURES) {
                    synchronized (this) {
                        stopped = true;
                        dropReported = true;
                        running = false;
                        queue.clear();
                    }
                    onDrop.accept("Client " + clientId + " was disconnected: its callback failed " + MAX_FAILURES
                            + " times in a row (" + e.getMessage() + ").");
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("The callback of client {} threw; dropping it", clientId, e);
                synchronized (this) {
                    stopped = true;
                    dropReported = true;
                    running = false;
                    queue.clear();
                }
                onDrop.accept("Client " + clientId + " was disconnected: its callback threw " + e + ".");
                return;
            }
        }
        LOG.warn("Client {} fell {} events behind; dropping it", clientId, capacity);
        onDrop.accept("Client " + clientId + " was disconnected: it fell " + capacity
                + " events behind; a client must keep up with the events or pull them instead.");
    }

}

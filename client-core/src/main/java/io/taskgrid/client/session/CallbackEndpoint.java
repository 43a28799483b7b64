package io.taskgrid.client.session;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.event.GridEvent;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The object the controller calls back, exported for one session. It only hands the events on: the controller's
 * sender thread must never wait for the client.
 */
final class CallbackEndpoint implements ClientCallback {
    private final Consumer<List<GridEvent>> sink;
    private final CountDownLatch heard = new CountDownLatch(1);
    private volatile boolean active = true;

    CallbackEndpoint(Consumer<List<GridEvent>> sink) {
        this.sink = sink;
    }

    @Override
    public void onEvents(List<GridEvent> events) {
        heard.countDown();
        if (active && events != null && !events.isEmpty()) {
            sink.accept(List.copyOf(events));
        }
    }

    /** Waits for the first call back (the controller announces this client's own connection). */
    boolean awaitFirstCall(long millis) throws InterruptedException {
        return heard.await(millis, TimeUnit.MILLISECONDS);
    }

    void deactivate() {
        active = false;
    }
}

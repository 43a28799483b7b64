package io.taskgrid.controller.events;

import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.controller.NamedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.rmi.RemoteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventHubTest {
    private final ExecutorService senders = Executors.newCachedThreadPool(NamedThreads.numbered("test-sender"));
    private final EventHub hub = new EventHub(Clock.systemUTC(), senders, 100, 50);
    private final ClientInfo client = new ClientInfo("c1", "ann", "127.0.0.1", ClientKind.SCRIPT, Instant.now(), false);

    @AfterEach
    void tearDown() {
        hub.close();
        EventHub.shutdown(senders, Duration.ofSeconds(2));
    }

    @Test
    void longPollReturnsAsSoonAsAnEventIsPublished() throws Exception {
        long start = hub.publishClient(ClientEvent.Kind.CONNECTED, client);
        CompletableFuture<EventBatch> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return hub.events(start, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(poll.isDone());
        long seq = hub.publishClient(ClientEvent.Kind.CONNECTED, client);
        EventBatch batch = poll.get(5, TimeUnit.SECONDS);
        assertEquals(1, batch.events().size());
        assertEquals(seq, batch.lastSequence());
        assertFalse(batch.missed());
    }

    @Test
    void afterZeroMeansFromNowAndTimesOutEmpty() throws Exception {
        hub.publishClient(ClientEvent.Kind.CONNECTED, client);
        EventBatch batch = hub.events(0, Duration.ofMillis(50));
        assertTrue(batch.events().isEmpty());
        assertEquals(1, batch.lastSequence());
    }

    @Test
    void reportsMissedEventsOlderThanTheRing() throws Exception {
        for (int i = 0; i < 250; i++) {
            hub.publishClient(ClientEvent.Kind.CONNECTED, client);
        }
        EventBatch batch = hub.events(5, Duration.ZERO);
        assertTrue(batch.missed());
        assertEquals(100, batch.events().size());
        assertEquals(151, batch.events().get(0).sequence());
        EventBatch fresh = hub.events(240, Duration.ZERO);
        assertFalse(fresh.missed());
        assertEquals(10, fresh.events().size());
        assertTrue(hub.events(10_000, Duration.ZERO).missed(), "a sequence ahead of the hub means the controller restarted");
    }

    @Test
    void pushesInOrderAndDropsAClientThatKeepsFailing() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        CountDownLatch got = new CountDownLatch(20);
        hub.subscribe("good", events -> events.forEach(e -> {
            received.add(e.sequence());
            got.countDown();
        }), why -> { });
        CountDownLatch dropped = new CountDownLatch(1);
        hub.subscribe("bad", events -> {
            throw new RemoteException("gone");
        }, why -> dropped.countDown());
        for (int i = 0; i < 20; i++) {
            hub.publishClient(ClientEvent.Kind.CONNECTED, client);
        }
        assertTrue(got.await(5, TimeUnit.SECONDS), "the good client got only " + received.size() + " events");
        assertEquals(received.stream().sorted().toList(), received);
        assertTrue(dropped.await(5, TimeUnit.SECONDS), "the failing client was not dropped");
    }

    @Test
    void dropsAClientWhoseQueueOverflows() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch dropped = new CountDownLatch(1);
        hub.subscribe("slow", events -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, why -> dropped.countDown());
        for (int i = 0; i < 200; i++) {
            hub.publishClient(ClientEvent.Kind.CONNECTED, client);
        }
        release.countDown();
        assertTrue(dropped.await(5, TimeUnit.SECONDS), "the slow client was not dropped after its queue overflowed");
    }

    static List<Long> sequences(List<GridEvent> events) {
        return events.stream().map(GridEvent::sequence).toList();
    }
}

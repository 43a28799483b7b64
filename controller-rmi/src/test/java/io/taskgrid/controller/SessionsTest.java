package io.taskgrid.controller;

import io.taskgrid.policy.ManualClock;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.controller.events.EventHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Client sessions end when their client falls silent for its lease: by the controller's clock, not the wall's. */
class SessionsTest {
    private static final Duration LEASE = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final ExecutorService senders = Executors.newCachedThreadPool();
    private final EventHub hub = new EventHub(clock, senders, 100, 100);
    private final Sessions sessions = new Sessions(hub, clock, LEASE);
    private final Grid grid = new Grid(null, null, hub, null, sessions, clock, 0, "", 1, null, null, null, null, null, null);
    private int opened;

    @AfterEach
    void stop() {
        hub.close();
        senders.shutdownNow();
    }

    private ClientSessionImpl open(ClientKind kind) {
        ClientInfo info = new ClientInfo("c" + ++opened, "ann", "127.0.0.1", kind, clock.instant(), false);
        ClientSessionImpl session = new ClientSessionImpl(info, grid, Authenticator.ACCEPT_ALL, new Authenticator.Login("ann", true));
        sessions.addClient(session);
        hub.publishClient(ClientEvent.Kind.CONNECTED, info);
        return session;
    }

    private List<String> listed() {
        return sessions.clients().stream().map(ClientInfo::id).toList();
    }

    @Test
    void aConsoleThatFallsSilentIsDroppedWithinItsLeaseAndAnnouncedAsGone() throws Exception {
        open(ClientKind.CONSOLE);
        long after = hub.lastSequence();

        clock.advance(LEASE.minus(sessions.sweepPeriod()));
        sessions.expireSilentClients();
        assertEquals(List.of("c1"), listed(), "silent for less than the lease less one sweep: still there");

        clock.advance(Duration.ofMillis(1));
        sessions.expireSilentClients();
        assertEquals(List.of(), listed(), "one sweep later it would be past its lease: gone now");
        List<GridEvent> events = hub.events(after, Duration.ZERO).events();
        assertEquals(ClientEvent.Kind.DISCONNECTED, assertInstanceOf(ClientEvent.class, events.get(0)).kind());
    }

    @Test
    void everyCallAndEveryRenewalKeepsASessionOpen() throws Exception {
        ClientSessionImpl desktop = open(ClientKind.DESKTOP);
        for (int i = 0; i < 5; i++) {
            clock.advance(LEASE.dividedBy(2));
            if (i % 2 == 0) {
                assertEquals(LEASE, desktop.renew(), "the lease the client is told to renew within");
            } else {
                desktop.info();
            }
            sessions.expireSilentClients();
        }
        assertEquals(List.of("c1"), listed());
    }

    @Test
    void aScriptSessionIsLeasedOnlyOnceItRenews() throws Exception {
        open(ClientKind.SCRIPT);
        ClientSessionImpl renewing = open(ClientKind.SCRIPT);
        renewing.renew();

        clock.advance(LEASE.multipliedBy(100));
        sessions.expireSilentClients();

        assertEquals(List.of("c1"), listed(), "the script that never renewed stays until it closes, as before");
    }

}

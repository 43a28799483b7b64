package io.taskgrid.client.session;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.client.ControllerUnreachableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectingGatewayTest {
        private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(4));
    private final List<String> told = new ArrayList<>();
    private final ReconnectingGateway.Listener listener = new ReconnectingGateway.Listener() {
        @Override
        public void lost(ControllerAddress address, ControllerUnreachableException cause, Duration giveUpAfter) {
            told.add("lost " + address + ": " + cause.getMessage());
        }

        @Override
        public void reconnected(ControllerAddress address) {
            told.add("back " + address);
        }
    };

    @Test
    void aReadIsRepeatedOnANewSessionAfterRefusedAttempts() {
        FakeController first = new FakeController(7);
        first.gone = true;
        FakeController second = new FakeController(12);
        Supplier<ControllerGateway> connect = attempts(unreachable(), unreachable(), second);
        ReconnectingGateway gateway = new ReconnectingGateway(first, connect, listener, QUICK, Duration.ofSeconds(5));

        assertEquals("c12", gateway.info().clientId());

        assertEquals(List.of("lost grid:1099: gone", "back grid:1099"), told);
        assertEquals(1, first.closed, "the lost session is closed");
    }

    @Test
    void theFirstEventsAfterAReconnectionSayEventsWereMissedWithTheNewCursor() {
        FakeController first = new FakeController(7);
        FakeController second = new FakeController(12);
        ReconnectingGateway gateway = new ReconnectingGateway(first, attempts(second), listener, QUICK, Duration.ofSeconds(5));
        first.gone = true;

        EventBatch batch = gateway.events(500, Duration.ofSeconds(10));

        assertTrue(batch.missed());
        assertEquals(12, batch.lastSequence());
        assertEquals(false, gateway.events(12, Duration.ZERO).missed());
    }

    @Test
    void aSubmissionIsNeverRepeated() {
        FakeController first = new FakeController(7);
        first.gone = true;
        ReconnectingGateway gateway = new ReconnectingGateway(first, attempts(new FakeController(9)), listener, QUICK,
                Duration.ofSeconds(5));

        assertThrows(ControllerUnreachableException.class, () -> gateway.submit(null));
        assertTrue(told.isEmpty(), "no reconnection for a call that may have reached the old controller");
    }

    @Test
    void itGivesUpAfterItsLimitWithTheLastReason() {
        FakeController first = new FakeController(7);
        first.gone = true;
        ReconnectingGateway gateway = new ReconnectingGateway(first, () -> {
            throw new ControllerUnreachableException("still refused.", null);
        }, listener, QUICK, Duration.ofMillis(30));

        ControllerUnreachableException e = assertThrows(ControllerUnreachableException.class, gateway::agents);

        assertTrue(e.getMessage().startsWith("The controller at grid:1099 did not come back within 0 min (still refused.)"),
                e.getMessage());
    }

    private static ControllerUnreachableException unreachable() {
        return new ControllerUnreachableException("refused", null);
    }

    /** Each call answers the next: a gateway, or an exception to throw. */
    private static Supplier<ControllerGateway> attempts(Object... answers) {
        Deque<Object> left = new ArrayDeque<>(List.of(answers));
        return () -> {
            Object next = left.removeFirst();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (ControllerGateway) next;
        };
    }
}

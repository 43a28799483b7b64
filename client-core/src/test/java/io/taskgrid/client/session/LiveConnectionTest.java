package io.taskgrid.client.session;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.LoginNeededException;
import io.taskgrid.client.TestDirections;
import io.taskgrid.policy.transport.RmiTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import static io.taskgrid.client.session.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live connection against a fake controller (no RMI): pulling, losing it, reconnecting, logging in, closing. */
class LiveConnectionTest {
    private static final ControllerAddress ADDRESS = FakeController.ADDRESS;
    private static final LiveConnection.Settings PULL_QUICKLY = new LiveConnection.Settings(0, true,
            Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(20), new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)));

    private final Recorder told = new Recorder();
    private final FakeConnector connector = new FakeConnector();
    private LiveConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void connectsAndHandsOnPulledEvents() throws Exception {
        FakeController controller = connector.next(new FakeController(1));
        controller.pending.add(List.of());
        connection = open(LoginPrompt.none());

        connection.connect(ADDRESS);

        await(() -> told.connectedAs.contains("ann"), "connected as ann");
        assertEquals(new ConnectionStatus.Connected(ADDRESS, false, false), told.last(ConnectionStatus.Connected.class));
        assertEquals(controller, connection.gateway());
        controller.pending.add(List.of(event(1), event(2)));
        await(() -> told.events.size() == 2, "the pulled events arrived");
    }

    @Test
    void reconnectsByItselfAfterTheControllerWentAwayAndSaysSo() throws Exception {
        FakeController first = connector.next(new FakeController(1));
        connection = open(LoginPrompt.none());
        connection.connect(ADDRESS);
        await(() -> told.connectedAs.size() == 1, "connected");

        connector.refuseNext(2);
        FakeController second = connector.next(new FakeController(2));
        first.gone = true;

        await(() -> told.connectedAs.size() == 2, "connected again");
        assertEquals(new ConnectionStatus.Lost(ADDRESS, "gone"), told.last(ConnectionStatus.Lost.class));
        ConnectionStatus.Retrying retrying = told.last(ConnectionStatus.Retrying.class);
        assertTrue(retrying.afterLoss(), "the failed attempts say the controller was lost: " + retrying);
        assertEquals("refused.", retrying.problem());
        assertEquals(new ConnectionStatus.Connected(ADDRESS, false, true), told.last(ConnectionStatus.Connected.class));
        assertEquals(second, connection.gateway());
        assertEquals(1, first.closed, "the lost session is closed");
    }

    @Test
    void aFirstFailedAttemptIsRetriedWithTheBackoffsPause() throws Exception {
        connector.refuseNext(1);
        connector.next(new FakeController(1));
        connection = open(LoginPrompt.none());

        connection.connect(ADDRESS);

        await(() -> told.connectedAs.size() == 1, "connected");
        ConnectionStatus.Retrying retrying = told.last(ConnectionStatus.Retrying.class);
        assertEquals(new ConnectionStatus.Retrying(ADDRESS, false, "refused.", Duration.ofMillis(5)), retrying);
        assertEquals(new ConnectionStatus.Connected(ADDRESS, false, false), told.last(ConnectionStatus.Connected.class));
    }

    @Test
    void asksForALogInAndKeepsTheCredentialsForTheReconnection() throws Exception {
        connector.wantsPassword = "s3cret";
        FakeController first = connector.next(new FakeController(1));
        List<String> asked = new CopyOnWriteArrayList<>();
        LoginPrompt prompt = new LoginPrompt() {
            @Override
            public Optional<Credentials> ask(ControllerAddress address, String user, String problem) {
                asked.add(user + ": " + problem);
                return Optional.of(new Credentials("bob", "s3cret"));
            }

            @Override
            public void done() {
            }
        };
        connection = open(prompt);
        connection.connect(ADDRESS);
        await(() -> told.connectedAs.contains("bob"), "connected as bob");
        assertEquals(List.of("ann: Log in, please."), asked);

        connector.next(new FakeController(2));
        first.gone = true;

        await(() -> told.connectedAs.size() == 2, "connected again");
        assertEquals(new Credentials("bob", "s3cret"), connector.tried.get(connector.tried.size() - 1),
                "the reconnection used the password that worked");
        assertEquals(1, asked.size(), "the prompt was not asked again");
    }

    @Test
    void aCancelledLogInLeavesItDisconnectedWithoutRetrying() throws Exception {
        connector.wantsPassword = "s3cret";
        connection = open(LoginPrompt.none());

        connection.connect(ADDRESS);

        await(() -> told.statuses.contains(new ConnectionStatus.LoginCancelled(ADDRESS)), "the cancelled log-in told");
        int attempts = connector.tried.size();
        ControllerUnreachableException e = assertThrows(ControllerUnreachableException.class, connection::gateway);
        assertEquals("Not connected to a controller (grid:1099); wait for the reconnection or pick another.", e.getMessage());
        assertEquals(attempts, connector.tried.size(), "no attempt after the cancel");
    }

    @Test
    void closeEndsTheSessionStopsItsThreadsAndIsIdempotent() throws Exception {
        FakeController controller = connector.next(new FakeController(1));
        connection = open(LoginPrompt.none());
        connection.connect(ADDRESS);
        await(() -> told.connectedAs.size() == 1, "connected");

        connection.close();
        connection.close();

        assertEquals(1, controller.closed, "the session was ended once");
        assertEquals(1, told.statuses.stream().filter(s -> s instanceof ConnectionStatus.Closed).count(), "closed once");
        await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
                && (t.getName().startsWith("taskgrid-connection") || t.getName().startsWith("taskgrid-event-pull"))),
                "the connection's threads ended");
        connection.connect(ADDRESS); // a late request after close is ignored
        assertThrows(ControllerUnreachableException.class, connection::gateway);
    }

    private LiveConnection open(LoginPrompt prompt) {
        return new LiveConnection(connector, RmiTransport.plain(), new Credentials("ann", null), prompt,
                TestDirections.DIRECTIONS, PULL_QUICKLY, told);
    }

    private static GridEvent event(long n) {
        return new ClientEvent(n, Instant.EPOCH, ClientEvent.Kind.CONNECTED,
                new ClientInfo("c" + n, "ann", "host", ClientKind.DESKTOP, Instant.EPOCH, false));
    }

    /** What the listener was told, in order. */
    private static final class Recorder implements ConnectionListener {
        final List<ConnectionStatus> statuses = new CopyOnWriteArrayList<>();
        final List<GridEvent> events = new CopyOnWriteArrayList<>();
        final List<String> connectedAs = new CopyOnWriteArrayList<>();

        @Override
        public void connected(ControllerGateway gateway, ControllerInfo info, String user) {
            connectedAs.add(user);
        }

        @Override
        public void events(List<GridEvent> list) {
            events.addAll(list);
        }

        @Override
        public void missed() {
        }

        @Override
        public void status(ConnectionStatus status) {
            statuses.add(status);
        }

        <T extends ConnectionStatus> T last(Class<T> type) {
            List<ConnectionStatus> copy = new ArrayList<>(statuses);
            for (int i = copy.size() - 1; i >= 0; i--) {
                if (type.isInstance(copy.get(i))) {
                    return type.cast(copy.get(i));
                }
            }
            throw new AssertionError("no " + type.getSimpleName() + " in " + copy);
        }
    }

    /** Opens the queued controllers in turn; refuses when told to or when the password is wrong. */
    private static final class FakeConnector implements Connector {
        final BlockingQueue<FakeController> controllers = new LinkedBlockingQueue<>();
        final List<Credentials> tried = new CopyOnWriteArrayList<>();
        volatile int refusals;
        volatile String wantsPassword;

        FakeController next(FakeController c) {
            c.pollWait = Duration.ofMillis(20);
            controllers.add(c);
            return c;
        }

        void refuseNext(int n) {
            refusals = n;
        }

        @Override
        public ControllerGateway open(ControllerAddress address, Credentials credentials, ClientCallback callback) {
            tried.add(credentials);
            if (refusals > 0) {
                refusals--;
                throw new ControllerUnreachableException("refused.", null);
            }
            if (wantsPassword != null && !wantsPassword.equals(credentials.password())) {
                throw new LoginNeededException("Log in, please.", credentials.password() != null, null);
            }
            FakeController c = controllers.poll();
            if (c == null) {
                throw new ControllerUnreachableException("refused.", null);
            }
            return c;
        }
    }
}

package io.taskgrid.controller;

import io.taskgrid.policy.transport.Waits;
import io.taskgrid.policy.transport.ConnectionFlood;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.transport.ConnectionLimits;
import io.taskgrid.policy.transport.RmiTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding 4 of issue 18: connections that never authenticate must not pin the controller's threads. */
class ConnectionFloodIT {
    /** Short, so the test is; the default is 10 s. */
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final int PER_ADDRESS = 64;

    @TempDir
    Path data;
    @TempDir
    Path shared;
    private ControllerServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void idleAndSlowConnectionsAreCappedAndClosedWhileAClientSubmits() throws Exception {
        RmiTransport transport = RmiTransport.plain()
                .withLimits(new ConnectionLimits(DEADLINE, PER_ADDRESS, 512, Duration.ofMinutes(2)));
        server = ControllerServer.start(new ControllerConfig(0, data, shared, 4, null, null),
                new ControllerSecurity(null, null, null, transport));
        long started = System.nanoTime();
        try (ConnectionFlood idle = ConnectionFlood.open("127.0.0.2", server.port(), 300, ConnectionFlood.Opening.IDLE);
             ConnectionFlood slow = ConnectionFlood.open("127.0.0.3", server.port(), 20, ConnectionFlood.Opening.RMI)) {
            ThreadPeak peak = new ThreadPeak(idle.from(), slow.from());
            // Over the cap per address, connections are closed as they are accepted.
            Waits.until(Duration.ofSeconds(10), () -> {
                peak.sample();
                return idle.closedByServer() >= 300 - PER_ADDRESS;
            }, "the server to close the idle connections over the cap of " + PER_ADDRESS + " per address");
            peak.sample();

            // Meanwhile a client from another address works as usual.
            ControllerService controller = (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port())
                    .lookup(ControllerService.REGISTRY_NAME);
            ClientSession session = controller.openSession(new ClientHello("me", ClientKind.SCRIPT, null), null);
            TaskRecord task = session.submit(TaskSpec.builder(ProgramSource.inline("hello.py",
                    "print('hi')\n".getBytes(StandardCharsets.UTF_8))).build());
            assertEquals(TaskState.QUEUED, task.state());
            session.close();

            // The slow ones send a byte a second and the idle ones nothing: both are closed at the deadline.
            Waits.until(DEADLINE.plusSeconds(7), () -> {
                slow.trickle();
                peak.sample();
                return slow.closedByServer() == slow.size() && idle.closedByServer() == idle.size();
            }, "the server to close every slow and idle connection after its first-call deadline");
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(seconds >= DEADLINE.toSeconds() - 1, "the slow connections were closed at the deadline, not before: "
                    + seconds + " s");
            assertTrue(peak.max <= PER_ADDRESS + slow.size() + 4, "RMI threads for the attacking addresses peaked at "
                    + peak.max + "; at most " + (PER_ADDRESS + slow.size()) + " connections were let in");
            Waits.until(Duration.ofSeconds(5), () -> ThreadPeak.count(idle.from(), slow.from()) == 0,
                    "the connection threads of the attackers to end");
        }
    }

    @Test
    void aFirstCallThatWaitsLongerThanTheDeadlineIsNotCut() throws Exception {
        Duration deadline = Duration.ofSeconds(1);
        RmiTransport transport = RmiTransport.plain()
                .withLimits(new ConnectionLimits(deadline, PER_ADDRESS, 512, Duration.ofMinutes(2)));
        server = ControllerServer.start(new ControllerConfig(0, data, shared, 4, null, null),
                new ControllerSecurity(null, null, null, transport));
        ControllerService controller = (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port())
                .lookup(ControllerService.REGISTRY_NAME);
        ClientSession session = controller.openSession(new ClientHello("me", ClientKind.SCRIPT, null), null);
        long last = session.events(0, Duration.ZERO).lastSequence();
        // Calls at the same time need connections of their own: for all but one, the long poll is the first call.
        java.util.concurrent.ExecutorService polls = java.util.concurrent.Executors.newFixedThreadPool(3, r -> new Thread(r, "poll"));
        try {
            List<java.util.concurrent.Future<EventBatch>> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(polls.submit(() -> session.events(last, deadline.multipliedBy(3))));
            }
            for (java.util.concurrent.Future<EventBatch> poll : waiting) {
                assertEquals(last, poll.get(30, java.util.concurrent.TimeUnit.SECONDS).lastSequence(),
                        "a poll with nothing new returns after its wait, over a connection the guard left open");
            }
        } finally {
            polls.shutdownNow();
        }
        session.close();
    }

    /** The most RMI connection threads seen serving the given addresses. */
    static final class ThreadPeak {
        private final String[] addresses;
        int max;

        ThreadPeak(String... addresses) {
            this.addresses = addresses;
        }

        void sample() {
            max = Math.max(max, count(addresses));
        }

        static int count(String... addresses) {
            int n = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                for (String address : addresses) {
                    if (t.isAlive() && t.getName().startsWith("RMI TCP Connection(") && t.getName().endsWith(")-" + address)) {
                        n++;
                    }
                }
            }
            return n;
        }
    }
}

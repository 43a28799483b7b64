package io.taskgrid.client.session;

import org.junit.jupiter.api.Test;

import java.rmi.ConnectException;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.ServerException;
import java.rmi.UnmarshalException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.taskgrid.client.session.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeepAliveTest {
    @Test
    void renewsAgainAndAgainWithinTheLeaseUntilStopped() throws Exception {
        AtomicInteger renewals = new AtomicInteger();
        KeepAlive keepAlive = new KeepAlive(() -> {
            renewals.incrementAndGet();
            return Duration.ofMillis(100);
        }, "a test session");
        long start = System.nanoTime();
        keepAlive.start();

        await(() -> renewals.get() >= 5, "five renewals");
        // Four a lease: five take about one lease (100 ms), far less than five leases.
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "renewed a quarter lease apart");
        keepAlive.stop();
        assertTrue(keepAlive.ended());
    }

    @Test
    void aFailedRenewalIsTriedAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        KeepAlive keepAlive = new KeepAlive(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new ConnectException("Connection refused");
            }
            return Duration.ofMillis(100);
        }, "a test session");
        keepAlive.start();

        await(() -> calls.get() >= 3, "renewals after a failed one");
        assertFalse(keepAlive.ended());
        keepAlive.stop();
    }

    @Test
    void stopsWhenTheControllerEndedTheSession() throws Exception {
        KeepAlive keepAlive = new KeepAlive(() -> {
            throw new NoSuchObjectException("no such object in table");
        }, "a test session");
        keepAlive.start();

        await(keepAlive::ended, "renewals end");
    }

    @Test
    void stopsAtOnceWithAControllerThatLeasesNoSessions() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        KeepAlive older = new KeepAlive(() -> {
            calls.incrementAndGet();
            throw new ServerException("RemoteException occurred in server thread",
                    new UnmarshalException("unrecognized method hash: method not supported by remote object"));
        }, "a session with an older controller");
        older.start();
        KeepAlive none = new KeepAlive(() -> Duration.ZERO, "a session without a lease");
        none.start();

        await(() -> older.ended() && none.ended(), "renewals end");
        assertEquals(1, calls.get());
    }

    @Test
    void aReplyCutOffMidwayIsNotTakenForAnOlderController() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        KeepAlive keepAlive = new KeepAlive(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new UnmarshalException("error unmarshalling return", new java.io.EOFException());
            }
            return Duration.ofMillis(100);
        }, "a test session");
        keepAlive.start();

        await(() -> calls.get() >= 2, "a second renewal");
        keepAlive.stop();
    }
}

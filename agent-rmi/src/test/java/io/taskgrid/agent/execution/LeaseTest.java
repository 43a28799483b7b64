package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's lease on a manual clock (nanoseconds): renewed from the send time, lapses noticed later too. */
class LeaseTest {
    private static final long S = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * S);
    private final Lease lease = new Lease(Duration.ofSeconds(30), now::get);

    @Test
    void neverGrantedItDoesNotRunOut() {
        now.addAndGet(3_600 * S);
        assertFalse(lease.lapsed());
        assertEquals(-1, lease.millisLeft());
    }

    @Test
    void itCountsFromWhenTheAnsweredCallWasSentAndTellsTheGuard() {
        List<Long> told = new ArrayList<>();
        lease.onRenewal(told::add);
        long sent = now.get();
        now.addAndGet(2 * S); // the answer took 2 s
        lease.renewed(sent);
        assertEquals(List.of(28_000L), told);
        now.addAndGet(28 * S);
        assertFalse(lease.lapsed(), "30 s after sending, not yet past");
        now.addAndGet(1);
        assertTrue(lease.lapsed());
    }

    @Test
    void aTaskHeldWhileItLapsedCountsAsStoppedEvenWhenARenewalCameFirst() {
        lease.renewed(now.get());
        long accepted = now.get() + S;
        now.addAndGet(40 * S); // the JVM stood still 40 s
        assertTrue(lease.lapsedSince(accepted));
        lease.renewed(now.get()); // its heartbeat got through before the task's end was seen
        assertFalse(lease.lapsed());
        assertTrue(lease.lapsedSince(accepted), "it was not the agent's own outcome: the guard killed it meanwhile");
        long acceptedAfter = now.get() + S;
        now.addAndGet(5 * S);
        assertFalse(lease.lapsedSince(acceptedAfter), "a task taken after the lapse is not concerned");
    }

    @Test
    void aLateAnswerToAnOlderCallDoesNotShortenIt() {
        long older = now.get();
        now.addAndGet(S);
        lease.renewed(now.get());
        lease.renewed(older);
        now.addAndGet(30 * S - 1);
        assertFalse(lease.lapsed());
    }
}

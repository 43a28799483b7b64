package io.taskgrid.policy.users;

import io.taskgrid.policy.ManualClock;
import io.taskgrid.policy.users.LoginThrottle.Admission;
import io.taskgrid.policy.users.LoginThrottle.Admitted;
import io.taskgrid.policy.users.LoginThrottle.Busy;
import io.taskgrid.policy.users.LoginThrottle.Limits;
import io.taskgrid.policy.users.LoginThrottle.LockedOut;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginThrottleTest {
    private static final String ADDRESS = "192.0.2.9";


    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private Duration delay(String user, String address) {
        Admission a = throttle.admit(user, address);
        Admitted admitted = assertInstanceOf(Admitted.class, a);
        throttle.release(admitted);
        return admitted.delay();
    }

    private void fail(String user, String address) {
        throttle.failed(assertInstanceOf(Admitted.class, throttle.admit(user, address)));
    }

    @Test
    void repeatedFailuresWaitLongerUpToACap() {
        assertEquals(Duration.ZERO, delay("ann", ADDRESS));
        fail("ann", ADDRESS);
        assertEquals(Duration.ofMillis(500), delay("ann", ADDRESS));
        fail("ann", ADDRESS);
        fail("ann", ADDRESS);
        assertEquals(Duration.ofSeconds(2), delay("ann", ADDRESS));
        assertEquals(Duration.ofSeconds(2), delay("bob", ADDRESS), "the address is slowed for every user");
        assertEquals(Duration.ofSeconds(2), delay("ann", "192.0.2.10"), "the user is slowed from every address");
        assertEquals(Duration.ZERO, delay("bob", "192.0.2.10"), "others are not slowed");
        for (int i = 0; i < 6; i++) {
            fail("ann", "198.51.100." + i);
        }
        assertEquals(Duration.ofSeconds(30), delay("ann", "203.0.113.1"), "capped");
    }

    @Test
    void onlyOneCheckIsInFlightPerUserAndPerAddress() {
        Admitted first = assertInstanceOf(Admitted.class, throttle.admit("ann", ADDRESS));
        assertEquals(new Busy(true), throttle.admit("ann", "192.0.2.10"));
        assertEquals(new Busy(false), throttle.admit("bob", ADDRESS));
        assertInstanceOf(Admitted.class, throttle.admit("bob", "192.0.2.10"));
        throttle.failed(first);
        Admitted next = assertInstanceOf(Admitted.class, throttle.admit("ann", ADDRESS));
        assertEquals(Duration.ofMillis(500), next.delay(), "the next one pays for the failure before it");
        throttle.release(first);
        assertEquals(new Busy(true), throttle.admit("ann", "192.0.2.11"), "a late release frees only its own slot");
        assertTrue(throttle.failed(first).isEmpty());
        throttle.failed(next);
        assertEquals(Duration.ofSeconds(1), delay("ann", ADDRESS), "an attempt counts once");
    }

    @Test
    void anotherUsersSuccessDoesNotClearTheFailures() {
        for (int i = 0; i < 3; i++) {
            fail("ann", ADDRESS);
        }
        throttle.succeeded(assertInstanceOf(Admitted.class, throttle.admit("bob", ADDRESS)));
        assertEquals(Duration.ofSeconds(2), delay("ann", "192.0.2.10"), "ann's failures stay");
        assertEquals(Duration.ofSeconds(2), delay("carl", ADDRESS), "the address's failures stay");
    }

    @Test
    void theUsersOwnSuccessClearsTheirFailuresAndTheAddressOnlyWhenAllWereTheirs() {
        fail("ann", ADDRESS);
        fail("ann", ADDRESS);
        throttle.succeeded(assertInstanceOf(Admitted.class, throttle.admit("ann", ADDRESS)));
        assertEquals(Duration.ZERO, delay("ann", ADDRESS));
        assertEquals(Duration.ZERO, delay("bob", ADDRESS));

        fail("ann", ADDRESS);
        fail("bob", ADDRESS);
        throttle.succeeded(assertInstanceOf(Admitted.class, throttle.admit("ann", ADDRESS)));
        assertEquals(Duration.ofMillis(500), delay("bob", "192.0.2.10"), "bob's failure stays");
        assertEquals(Duration.ofSeconds(1), delay("carl", ADDRESS), "the address had bob's failure too");
    }

    @Test
    void tenFailuresInARowLockTheUserOutEvenWithTheRightPasswordUntilTheLockEnds() {
        for (int i = 0; i < 9; i++) {
            fail("ann", "198.51.100." + i);
        }
        LockedOut lock = throttle.failed(assertInstanceOf(Admitted.class, throttle.admit("ann", ADDRESS))).orElseThrow();
        assertEquals(10, lock.failures());
        assertEquals(Duration.ofMinutes(5), lock.remaining());

        clock.advance(Duration.ofMinutes(1));
        Admission during = throttle.admit("ann", "203.0.113.7");
        assertEquals(new LockedOut(Duration.ofMinutes(4), 10), during, "locked from every address");
        assertEquals(Duration.ZERO, delay("bob", "203.0.113.7"), "others are not locked");

        clock.advance(Duration.ofMinutes(4));
        Admitted after = assertInstanceOf(Admitted.class, throttle.admit("ann", ADDRESS), "the lock has ended");
        assertTrue(throttle.failed(after).isPresent(), "the next failure locks again at once");
        assertInstanceOf(LockedOut.class, throttle.admit("ann", ADDRESS));

        clock.advance(Duration.ofMinutes(5));
        throttle.succeeded(assertInstanceOf(Admitted.class, throttle.admit("ann", ADDRESS)));
        assertEquals(Duration.ZERO, delay("ann", ADDRESS), "a success clears everything of hers");
    }

    @Test
    void anHourWithoutFailuresForgetsThem() {
        fail("ann", ADDRESS);
        clock.advance(Duration.ofMinutes(61));
        assertEquals(Duration.ZERO, delay("ann", ADDRESS));
    }

    @Test
    void limitsAreChecked() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Limits(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        assertEquals(Limits.defaults(), new LoginThrottle(Clock.systemUTC()).limits());
    }
}

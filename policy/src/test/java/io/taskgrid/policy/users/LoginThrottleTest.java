package io.taskgrid.policy.users;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoginThrottleTest {
    @Test
    void repeatedFailuresFromOneAddressWaitLongerAndASuccessClearsThem() {
        LoginThrottle throttle = new LoginThrottle(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        assertEquals(Duration.ZERO, throttle.delayFor("192.0.2.9"));
        throttle.failed("192.0.2.9");
        assertEquals(Duration.ofMillis(500), throttle.delayFor("192.0.2.9"));
        throttle.failed("192.0.2.9");
        throttle.failed("192.0.2.9");
        assertEquals(Duration.ofSeconds(2), throttle.delayFor("192.0.2.9"));
        assertEquals(Duration.ZERO, throttle.delayFor("192.0.2.10"), "other addresses are not slowed");
        for (int i = 0; i < 20; i++) {
            throttle.failed("192.0.2.9");
        }
        assertEquals(Duration.ofSeconds(30), throttle.delayFor("192.0.2.9"), "capped");
        throttle.succeeded("192.0.2.9");
        assertEquals(Duration.ZERO, throttle.delayFor("192.0.2.9"));
    }
}

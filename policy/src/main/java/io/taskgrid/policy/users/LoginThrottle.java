package io.taskgrid.policy.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing: after failed log-ins from an address, its next attempt waits 0.5 s, then 1 s, 2 s …
 * up to 30 s. A success, or an hour without failures, clears the address. Remembers a bounded number of
 * addresses, oldest forgotten first.
 */
public final class LoginThrottle {
    private static final Duration FIRST_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    private record Failures(int count, Instant last) {
    }

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long an attempt from this address must wait before it is checked. */
    public synchronized Duration delayFor(String address) {
        Failures f = failures.get(address);
        if (f == null) {
            return Duration.ZERO;
        }
        if (Duration.between(f.last(), clock.instant()).compareTo(FORGET_AFTER) > 0) {
            failures.remove(address);
            return Duration.ZERO;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(f.count() - 1, 16));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    public synchronized void failed(String address) {
        Failures f = failures.get(address);
        failures.put(address, new Failures(f == null ? 1 : f.count() + 1, clock.instant()));
    }

    public synchronized void succeeded(String address) {
        failures.remove(address);
    }
}

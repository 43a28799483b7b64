package io.taskgrid.policy.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Slows down guessing, per user name and per address, in a way parallel connections cannot get around.
 *
 * <ul>
 *   <li>At most one password check is in flight per user name and per address: a concurrent attempt is refused
 *       at once ({@link Busy}), before the password hash, so N parallel guesses cost N attempts one after the
 *       other, each with its delay.</li>
 *   <li>After failures, the next attempt of that user, or from that address, waits {@link Limits#firstDelay()},
 *       then twice as long … up to {@link Limits#maxDelay()}; the longer of the two delays applies. The delay is
 *       taken while the attempt holds its slot, so nobody else checks meanwhile.</li>
 *   <li>After {@link Limits#lockAfter()} failures in a row a user is locked out for {@link Limits#lockFor()}
 *       after the last one ({@link LockedOut}), even with the right password; once the lock ends, the next
 *       failure locks again.</li>
 *   <li>A success clears that user's failures, and the address's only when they were all that user's. An
 *       hour without failures forgets a name or address.</li>
 * </ul>
 * Remembers a bounded number of names and addresses, least recently used forgotten first.
 */
public final class LoginThrottle {
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final int MAX_ENTRIES = 10_000;

    /**
     * @param firstDelay wait before the attempt after the first failure
     * @param maxDelay   longest wait
     * @param lockAfter  failures in a row that lock a user out
     * @param lockFor    how long a lock-out lasts after the last failure
     */
    public record Limits(Duration firstDelay, Duration maxDelay, int lockAfter, Duration lockFor) {
        public Limits {
            Objects.requireNonNull(firstDelay, "firstDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(lockFor, "lockFor");
            if (lockAfter < 1) {
                throw new IllegalArgumentException("A user is locked out after at least 1 failure, not " + lockAfter + ".");
            }
        }

        /** 0.5 s, doubling up to 30 s; locked for 5 minutes after 10 failures in a row. */
        public static Limits defaults() {
            return new Limits(Duration.ofMillis(500), Duration.ofSeconds(30), 10, Duration.ofMinutes(5));
        }
    }

    /** What an attempt to log in may do now. */
    public sealed interface Admission permits Admitted, Busy, LockedOut {
    }

    /**
     * Check the password after waiting {@code delay}; then call {@link #failed}, {@link #succeeded} or
     * {@link #release} with this admission ({@code ticket} tells it from a later one of the same user).
     */
    public record Admitted(String user, String address, Duration delay, long ticket) implements Admission {
    }

    /** Another attempt for the same user ({@code sameUser}) or from the same address is being checked. */
    public record Busy(boolean sameUser) implements Admission {
    }

    /** The user is locked out for {@code remaining} after {@code failures} wrong passwords in a row. */
    public record LockedOut(Duration remaining, int failures) implements Admission {
    }

    /** {@code onlyUser}: the user all these failures were of, or {@code null} when there were several. */
    private record Failures(int count, Instant last, String onlyUser) {
    }

    private final Clock clock;
    private final Limits limits;
    private final Map<String, Failures> users = bounded();
    private final Map<String, Failures> addresses = bounded();
    private final Map<String, Long> usersInFlight = new HashMap<>();
    private final Map<String, Long> addressesInFlight = new HashMap<>();
    private long lastTicket;

    public LoginThrottle(Clock clock) {
        this(clock, Limits.defaults());
    }

    public LoginThrottle(Clock clock, Limits limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Reserves the check of a password for {@code user} from {@code address}. When {@link Admitted}, the caller
     * holds the slot of both until it reports the outcome or calls {@link #release}.
     */
    public synchronized Admission admit(String user, String address) {
        Instant now = clock.instant();
        Failures u = current(users, user, now);
        if (u != null && u.count() >= limits.lockAfter()) {
            Duration remaining = Duration.between(now, u.last().plus(limits.lockFor()));
            if (remaining.compareTo(Duration.ZERO) > 0) {
                return new LockedOut(remaining, u.count());
            }
        }
        if (usersInFlight.containsKey(user)) {
            return new Busy(true);
        }
        if (addressesInFlight.containsKey(address)) {
            return new Busy(false);
        }
        long ticket = ++lastTicket;
        usersInFlight.put(user, ticket);
        addressesInFlight.put(address, ticket);
        Duration delay = max(delayAfter(u), delayAfter(current(addresses, address, now)));
        return new Admitted(user, address, delay, ticket);
    }

    /**
     * Records a wrong password and frees the slot.
     *
     * @return the lock-out when this failure locked the user (or kept them locked)
     */
    public synchronized Optional<LockedOut> failed(Admitted attempt) {
        if (!free(attempt)) {
            return Optional.empty();
        }
        String user = attempt.user();
        String address = attempt.address();
        Instant now = clock.instant();
        Failures u = current(users, user, now);
        int count = u == null ? 1 : u.count() + 1;
        users.put(user, new Failures(count, now, user));
        Failures a = current(addresses, address, now);
        addresses.put(address, a == null ? new Failures(1, now, user)
                : new Failures(a.count() + 1, now, user.equals(a.onlyUser()) ? user : null));
        return count >= limits.lockAfter() ? Optional.of(new LockedOut(limits.lockFor(), count)) : Optional.empty();
    }

    /** Clears the user's failures, and the address's when they were all this user's; frees the slot. */
    public synchronized void succeeded(Admitted attempt) {
        if (!free(attempt)) {
            return;
        }
        String user = attempt.user();
        String address = attempt.address();
        users.remove(user);
        Failures a = addresses.get(address);
        if (a != null && user.equals(a.onlyUser())) {
            addresses.remove(address);
        }
    }

    /** Frees the slot of an attempt that ended without a verdict (an error); safe to call more than once. */
    public synchronized void release(Admitted attempt) {
        free(attempt);
    }

    /** @return false when this attempt had already ended */
    private boolean free(Admitted attempt) {
        boolean held = usersInFlight.remove(attempt.user(), attempt.ticket());
        addressesInFlight.remove(attempt.address(), attempt.ticket());
        return held;
    }

    private static Failures current(Map<String, Failures> map, String key, Instant now) {
        Failures f = map.get(key);
        if (f != null && Duration.between(f.last(), now).compareTo(FORGET_AFTER) > 0) {
            map.remove(key);
            return null;
        }
        return f;
    }

    private Duration delayAfter(Failures f) {
        if (f == null) {
            return Duration.ZERO;
        }
        Duration delay = limits.firstDelay().multipliedBy(1L << Math.min(f.count() - 1, 16));
        return delay.compareTo(limits.maxDelay()) > 0 ? limits.maxDelay() : delay;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Map<String, Failures> bounded() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}

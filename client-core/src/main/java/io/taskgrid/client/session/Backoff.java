package io.taskgrid.client.session;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How long a client waits before it tries a lost controller again: {@code first}, doubling after each failed
 * attempt, never more than {@code max}. Both clients reconnect by this one policy.
 */
public record Backoff(Duration first, Duration max) {
    /** 0.5 s, 1 s, 2 s, 4 s, then every 5 s: a restarted controller is found again within 5 s. */
    public static final Backoff RECONNECT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("A backoff needs 0 < first <= max, not " + first + " and " + max);
        }
    }

    /** The pause before the attempt that follows {@code failures} failed ones (0: the first retry). */
    public Duration pause(int failures) {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative: " + failures);
        }
        Duration pause = first;
        for (int i = 0; i < failures && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }

    /** A pause as people read it: "0.5 s", "2 s". */
    public static String inWords(Duration pause) {
        long millis = pause.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}

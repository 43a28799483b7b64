package io.taskgrid.controller.scheduling;

import java.time.Duration;

/**
 * Whether tasks of equal priority go to the user with the least recent use first, and how fast use is forgotten.
 *
 * @param halfLife after this long, a CPU-second counts half; {@code null} turns fair share off (the queue is then
 *                 first come, first served within a priority)
 */
public record FairShare(Duration halfLife) {
    public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(1);
    public static final FairShare DEFAULT = new FairShare(DEFAULT_HALF_LIFE);
    public static final FairShare OFF = new FairShare(null);

    public FairShare {
        if (halfLife != null && (halfLife.isNegative() || halfLife.compareTo(Duration.ofMinutes(1)) < 0)) {
            throw new IllegalArgumentException("The fair-share half-life must be at least a minute, not " + halfLife
                    + "; give one such as 1d or 12h, or off to turn fair share off.");
        }
    }

    public boolean enabled() {
        return halfLife != null;
    }
}

package io.taskgrid.fx;

import java.time.Clock;
import java.time.Duration;

/**
 * Decides when a chart is drawn again: after a change, but not sooner than {@code gap} after the last drawing (so a
 * thousand events a second make at most 1 / gap drawings); without a change every {@code idle}, as time moves on.
 */
final class RedrawThrottle {
    private final Clock clock;
    private final long gapMillis;
    private final long idleMillis;
    private long drawnVersion = Long.MIN_VALUE;
    private long drawnAt = Long.MIN_VALUE / 2;

    RedrawThrottle(Clock clock, Duration gap, Duration idle) {
        this.clock = clock;
        this.gapMillis = gap.toMillis();
        this.idleMillis = idle.toMillis();
    }

    /** Whether to draw now what is at {@code version}; when it says yes, it counts as drawn. */
    boolean due(long version) {
        long now = clock.millis();
        long since = now - drawnAt;
        boolean due = version != drawnVersion ? since >= gapMillis : since >= idleMillis;
        if (due) {
            drawnVersion = version;
            drawnAt = now;
        }
        return due;
    }

    /** Draw at the next chance whatever the version (the size or the colours changed). */
    void invalidate() {
        drawnVersion = Long.MIN_VALUE;
        drawnAt = Long.MIN_VALUE / 2;
    }
}

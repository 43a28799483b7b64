package io.taskgrid.controller.scheduling;

import java.security.SecureRandom;

/**
 * Issues attempt tokens: one per dispatch, never the same twice, also across restarts of the controller. The high half
 * is drawn at random when the controller starts (its incarnation), the low half counts: a token of an earlier run of
 * the controller, still held by an agent that was cut off, never equals one given out since. Confined to the scheduler
 * thread.
 */
final class AttemptTokens {
    /** No token known: a task taken back from the history after a restart, until its agent names it. */
    static final long UNKNOWN = 0;

    private final long incarnation;
    private long issued;

    AttemptTokens() {
        this(new SecureRandom().nextInt(Integer.MAX_VALUE - 1) + 1);
    }

    AttemptTokens(int incarnation) {
        if (incarnation <= 0) {
            throw new IllegalArgumentException("An incarnation is positive: " + incarnation);
        }
        this.incarnation = (long) incarnation << 32;
    }

    long next() {
        issued = (issued + 1) & 0xffff_ffffL;
        if (issued == 0) {
            issued = 1;
        }
        return incarnation | issued;
    }
}

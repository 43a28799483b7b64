package io.taskgrid.controller.scheduling;

import java.time.Duration;
import java.time.Instant;

/**
 * The lease under which an agent holds its running attempts. The agent renews it with every call the controller
 * answers (counted from when it sent the call), and stops its programs itself, through its orphan guard outside
 * its JVM, when it could not renew it for {@link #lease}. So once {@code lease + margin} passed since the controller
 * last heard from an agent, none of that agent's programs runs any more, even if the agent is only paused or cut
 * off; only then does the controller run its attempts again elsewhere.
 *
 * @param lease how long the agent's attempts are its own after its last call the controller answered;
 *              {@link Duration#ZERO} for none (the attempts of a lost agent run again at once, as before leases)
 */
public record Leases(Duration lease) {
    /** Renewals the agent gets within one lease at least (one heartbeat a second). */
    public static final Duration SHORTEST = Duration.ofSeconds(3);
    public static final Duration LONGEST = Duration.ofHours(1);
    /** No lease: for tests of other things only. */
    public static final Leases NONE = new Leases(Duration.ZERO);

    public Leases {
        if (lease == null || lease.isNegative() || (!lease.isZero() && lease.compareTo(SHORTEST) < 0)
                || lease.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("The lease must be between " + SHORTEST.toSeconds() + " s (three heartbeats)"
                    + " and " + LONGEST.toMinutes() + " minutes, not " + (lease == null ? "empty" : lease.toMillis() + " ms") + ".");
        }
    }

    /** The default: three heartbeat timeouts (30 s with the default timeout of 10 s), at least {@link #SHORTEST}. */
    public static Leases forHeartbeatTimeout(Duration heartbeatTimeout) {
        Duration threeTimes = heartbeatTimeout.multipliedBy(3);
        Duration lease = threeTimes.compareTo(SHORTEST) < 0 ? SHORTEST : threeTimes.compareTo(LONGEST) > 0 ? LONGEST : threeTimes;
        return new Leases(lease);
    }

    /**
     * Added to the lease before the controller runs an attempt again: the agent's and the controller's clocks do
     * not run at exactly the same rate, and killing a process group takes a moment. A tenth of the lease, at least 1 s.
     */
    public Duration margin() {
        Duration tenth = lease.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }

    /** When the attempts of an agent last heard from at {@code lastHeard} certainly ended; null without leases. */
    Instant requeueAt(Instant lastHeard) {
        return lease.isZero() ? null : lastHeard.plus(lease).plus(margin());
    }

    /** "Agent node3 has not been heard from for 14 s; the task will run again in 19 s unless node3 reports." */
    static String silence(String agentId, Instant lastHeard, Instant requeueAt, Instant now) {
        long silent = Math.max(0, Duration.between(lastHeard, now).toSeconds());
        long left = Math.max(0, (Duration.between(now, requeueAt).toMillis() + 999) / 1000);
        return "Agent " + agentId + " has not been heard from for " + silent + " s; the task will run again in " + left
                + " s unless " + agentId + " reports.";
    }
}

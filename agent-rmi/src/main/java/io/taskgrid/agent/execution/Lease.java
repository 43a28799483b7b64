package io.taskgrid.agent.execution;

import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The lease under which this agent holds its running attempts. Every call the controller answered renews it from
 * the moment the call was <em>sent</em>, so it never ends later than the controller counts it; the controller runs
 * the attempts again elsewhere only once lease + a margin passed since it last heard from the agent. When it ran
 * out, the agent's programs must not run on: the orphan guard (outside this JVM, so also while the JVM stands still)
 * kills their groups, and the agent stops its attempts itself and reports them as stopped, never as its own outcome.
 *
 * <p>Times are {@link System#nanoTime()} (monotonic, and it runs on while the process is stopped). Until the first
 * renewal (the agent was never registered) the lease does not run out: no task can run before that anyway.
 */
public final class Lease {
    /** Used when the controller names none. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final long NONE = Long.MIN_VALUE;

    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    private long lengthNanos;                 // guarded by lock
    private long validUntil = Long.MAX_VALUE; // guarded by lock
    private long lastLapse = NONE;            // guarded by lock: when it last ran out, once a renewal noticed
    private volatile LongConsumer renewals = millisLeft -> { };

    public Lease(Duration length, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lengthNanos = length.toNanos();
    }

    public Lease(Duration length) {
        this(length, System::nanoTime);
    }

    /** A lease that never runs out: for runners without a controller (tests of other things). */
    public static Lease unlimited() {
        return new Lease(DEFAULT);
    }

    public long nanoTime() {
        return nanoTime.getAsLong();
    }

    public Duration length() {
        synchronized (lock) {
            return Duration.ofNanos(lengthNanos);
        }
    }

    /** The length the controller named at registration. */
    public void setLength(Duration length) {
        synchronized (lock) {
            lengthNanos = length.toNanos();
        }
    }

    /** {@code listener} hears the milliseconds left after every renewal (the orphan guard). */
    void onRenewal(LongConsumer listener) {
        renewals = listener;
    }

    /** A call sent at {@code sentNanos} was answered by the controller. */
    public void renewed(long sentNanos) {
        long left;
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            if (validUntil != Long.MAX_VALUE && now - validUntil > 0) {
                lastLapse = validUntil;
            }
            long until = sentNanos + lengthNanos;
            if (validUntil == Long.MAX_VALUE || until - validUntil > 0 || now - validUntil > 0) {
                validUntil = until;
            }
            left = Math.max(0, (validUntil - now) / 1_000_000);
        }
        renewals.accept(left);
    }

    /** Milliseconds left, or -1 when it was never granted (no limit yet). */
    long millisLeft() {
        synchronized (lock) {
            return validUntil == Long.MAX_VALUE ? -1 : Math.max(0, (validUntil - nanoTime.getAsLong()) / 1_000_000);
        }
    }

    /** Whether it ran out and no renewal came since. */
    public boolean lapsed() {
        synchronized (lock) {
            return validUntil != Long.MAX_VALUE && nanoTime.getAsLong() - validUntil > 0;
        }
    }

    /** Whether it ran out after {@code sinceNanos}: now, or at a moment a later renewal noticed. */
    boolean lapsedSince(long sinceNanos) {
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            long lapse = validUntil != Long.MAX_VALUE && now - validUntil > 0 ? validUntil : lastLapse;
            return lapse != NONE && lapse - sinceNanos > 0;
        }
    }

    /** "the agent could not reach the controller for 30 s, so it stopped the task; the controller runs it again." */
    String stoppedSentence(String agentId) {
        return "Agent " + agentId + " could not reach the controller for " + length().toSeconds()
                + " s, so it stopped the task; the controller runs it again.";
    }
}

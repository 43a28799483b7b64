package io.taskgrid.client.session;

import io.taskgrid.client.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.UnmarshalException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews a session's lease ({@link io.taskgrid.api.client.ClientSession#renew}) from a daemon thread of its own,
 * {@link #RENEWALS_PER_LEASE} times per lease, until {@link #stop()}: the controller then keeps the session while this
 * client lives (also while it waits in a long poll, or a person reads a screen) and ends it within the lease once the
 * client vanished. A failed renewal is tried again after the same pause; renewals end for good when the controller
 * says the session is over or does not know leases (an earlier version).
 *
 * <p>Thread: "taskgrid-session-lease".
 */
final class KeepAlive {
    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);
    static final int RENEWALS_PER_LEASE = 4;
    /** The pause before the first lease is known, and the shortest one. */
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration SHORTEST_PAUSE = Duration.ofMillis(20);

    @FunctionalInterface
    interface Renewal {
        /** Renews and answers the lease; {@link Duration#ZERO} when the controller leases no sessions. */
        Duration renew() throws RemoteException;
    }

    private final Renewal renewal;
    private final String what;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            NamedThreads.daemon("taskgrid-session-lease"));
    private volatile Duration pause = FIRST_PAUSE;
    private volatile boolean ended;

    /** @param what names the session in log lines ("the session with localhost:1099") */
    KeepAlive(Renewal renewal, String what) {
        this.renewal = renewal;
        this.what = what;
    }

    /** Renews at once (off the caller's thread), then again and again. */
    void start() {
        submit(0);
    }

    /** Stops renewing; idempotent. A renewal under way finishes. */
    void stop() {
        ended = true;
        timer.shutdownNow();
    }

    /** Whether renewals ended for good: stopped, or the controller ended the session or leases none. */
    boolean ended() {
        return ended;
    }

    private void renewNow() {
        Duration lease;
        try {
            lease = renewal.renew();
        } catch (NoSuchObjectException e) {
            LOG.debug("Stopped renewing {}: the controller ended it.", what);
            stop();
            return;
        } catch (RemoteException e) {
            if (unknownMethod(e)) {
                LOG.debug("Stopped renewing {}: the controller does not lease sessions ({}).", what, e.toString());
                stop();
                return;
            }
            LOG.debug("Renewing {} failed ({}); trying again in {} ms.", what, e.toString(), pause.toMillis());
            submit(pause.toMillis());
            return;
        } catch (RuntimeException e) {
            LOG.debug("Stopped renewing {}: {}", what, e.toString());
            stop();
            return;
        }
        if (lease == null || lease.isZero() || lease.isNegative()) {
            stop();
            return;
        }
        Duration next = lease.dividedBy(RENEWALS_PER_LEASE);
        pause = next.compareTo(SHORTEST_PAUSE) < 0 ? SHORTEST_PAUSE : next;
        submit(pause.toMillis());
    }

    private void submit(long delayMillis) {
        try {
            timer.schedule(this::renewNow, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // stop() came first: nothing more to renew.
        }
    }

    /**
     * A controller without {@code renew} answers "unrecognized method hash" in an UnmarshalException (a reply cut
     * off in the middle is one too, but says something else: that one is tried again).
     */
    private static boolean unknownMethod(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnmarshalException && String.valueOf(t.getMessage()).contains("method hash")) {
                return true;
            }
        }
        return false;
    }
}

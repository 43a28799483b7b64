package io.taskgrid.policy.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a process's listening ports from being held by callers that prove nothing: at most
 * {@link ConnectionLimits#perAddress} connections per remote address and {@link ConnectionLimits#total} in all (over
 * the cap a connection is closed as it is accepted), and a deadline for each new connection to finish its first call
 * ({@link GuardedSocket}). RMI runs one thread per open connection, so the caps bound those threads too.
 *
 * <p>One guard per {@link RmiTransport}; its one timer thread is a daemon that ends after 30 s without deadlines to
 * watch, so a guard no port uses (a closed controller's) holds no thread.
 */
final class ConnectionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    /** At most one warning per address in this time. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Addresses remembered for rate-limited warnings before the memory starts again. */
    private static final int MAX_WARNED_ADDRESSES = 4096;
    /** How often a connection past its deadline is looked at again while the server works on its first call. */
    private static final long RECHECK_MILLIS = 500;

    private final ConnectionLimits limits;
    private final Map<InetAddress, Integer> open = new HashMap<>();
    private int openInAll;
    private final Map<InetAddress, Long> lastWarning = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor deadlines;

    ConnectionGuard(ConnectionLimits limits) {
        this.limits = limits;
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "taskgrid-connection-deadlines");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);
        deadlines.setKeepAliveTime(30, TimeUnit.SECONDS);
        deadlines.allowCoreThreadTimeOut(true);
    }

    ConnectionLimits limits() {
        return limits;
    }

    /**
     * The accepted {@code socket} wrapped so that its deadline runs and its slot is given back when it closes, or
     * {@code null} when it is over a cap (then it is closed here and a warning logged).
     */
    Socket admit(Socket socket) {
        InetAddress address = socket.getInetAddress();
        String refusal = reserve(address);
        if (refusal != null) {
            warn(address, "Refused a connection from {}: {}", address, refusal);
            closeQuietly(socket);
            return null;
        }
        GuardedSocket guarded;
        try {
            guarded = new GuardedSocket(socket, this);
        } catch (IOException e) {
            release(address);
            closeQuietly(socket);
            return null;
        }
        long deadline = limits.firstCallDeadline().toMillis();
        guarded.deadlineCheck(deadlines.schedule(() -> checkDeadline(guarded), deadline, TimeUnit.MILLISECONDS));
        return guarded;
    }

    /** How many connections are open now, in all (for tests and logs). */
    synchronized int openConnections() {
        return openInAll;
    }

    private synchronized String reserve(InetAddress address) {
        int fromAddress = open.getOrDefault(address, 0);
        if (fromAddress >= limits.perAddress()) {
            return fromAddress + " connections from that address are open already, the most allowed per address";
        }
        if (openInAll >= limits.total()) {
            return openInAll + " connections are open already, the most allowed in all";
        }
        open.put(address, fromAddress + 1);
        openInAll++;
        return null;
    }

    /** Gives back the slot of a connection that was admitted; called once per connection, when it closes. */
    synchronized void release(InetAddress address) {
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        openInAll--;
    }

    private void checkDeadline(GuardedSocket socket) {
        switch (socket.firstCallState()) {
            case DONE, CLOSED -> {
            }
            case WAITING_FOR_CALLER -> {
                warn(socket.getInetAddress(), "Closed a connection from {}: it did not finish its first call within {} ms"
                        + " (a TLS handshake, RMI's header and a call); a real client does in milliseconds.",
                        socket.getInetAddress(), limits.firstCallDeadline().toMillis());
                closeQuietly(socket);
            }
            // The server itself is busy with the first call (or between two reads): look again soon.
            case SERVING -> socket.deadlineCheck(deadlines.schedule(() -> checkDeadline(socket), RECHECK_MILLIS,
                    TimeUnit.MILLISECONDS));
        }
    }

    private void warn(InetAddress address, String format, Object... arguments) {
        long now = System.nanoTime();
        Long last = lastWarning.get(address);
        if (last != null && now - last < WARN_EVERY_NANOS) {
            LOG.debug(format, arguments);
            return;
        }
        if (lastWarning.size() >= MAX_WARNED_ADDRESSES) {
            lastWarning.clear();
        }
        lastWarning.put(address, now);
        LOG.warn(format + " (further warnings about this address are held back for 10 s)", arguments);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a refused connection failed", e);
        }
    }
}

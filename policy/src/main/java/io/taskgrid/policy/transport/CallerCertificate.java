package io.taskgrid.policy.transport;

import java.util.Optional;

/**
 * The certificate of whoever makes the remote call this thread is serving, for the TLS transport: the RMI
 * runtime reads a call and runs it on the thread of its connection, and {@link PeerRecordingSocket} records the
 * connection's peer on that thread at every read, so a connection thread that serves another connection later
 * sees that connection's peer. Like {@code RemoteServer.getClientHost()}, it means nothing outside a remote call.
 */
public final class CallerCertificate {
    private static final ThreadLocal<Peer> CURRENT = new ThreadLocal<>();

    private CallerCertificate() {
    }

    /** The caller's peer; empty outside a TLS call (in-process, or a plain transport). */
    public static Optional<Peer> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    static void record(Peer peer) {
        CURRENT.set(peer);
    }

    static void clear() {
        CURRENT.remove();
    }
}

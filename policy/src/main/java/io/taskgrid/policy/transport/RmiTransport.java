package io.taskgrid.policy.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.io.ObjectInputFilter;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;

/**
 * How a process speaks RMI: which sockets it listens on and connects with (plain on every interface, plain on
 * loopback only, or mutual TLS), and the {@link SerialFilter} on everything it exports. One instance per
 * process, shared by the registry and every export so that they share one port.
 */
public final class RmiTransport {
    /** What the transport is, for messages and logs. */
    public enum Kind {
        /** Plain TCP on every interface: for tests and trusted networks ({@code --insecure}). */
        PLAIN,
        /** Plain TCP bound to the loopback address: only this machine can connect. */
        LOOPBACK,
        /** Mutual TLS 1.3 on every interface. */
        TLS
    }

    private static final Logger LOG = LoggerFactory.getLogger(RmiTransport.class);
    private final Kind kind;
    private final RMIClientSocketFactory clientSockets;
    /** The listening sockets as the kind makes them, before the guard ({@link #withLimits} wraps them again). */
    private final RMIServerSocketFactory unguardedServerSockets;
    private final RMIServerSocketFactory serverSockets;
    private final ObjectInputFilter filter;

    private RmiTransport(Kind kind, RMIClientSocketFactory clientSockets, RMIServerSocketFactory serverSockets) {
        this(kind, clientSockets, serverSockets, ConnectionLimits.DEFAULTS);
    }

    private RmiTransport(Kind kind, RMIClientSocketFactory clientSockets, RMIServerSocketFactory serverSockets,
                         ConnectionLimits limits) {
        this.kind = kind;
        this.clientSockets = clientSockets;
        this.unguardedServerSockets = serverSockets;
        // Every listening port of the process (registry and exports) caps connections and gives each a deadline.
        this.serverSockets = new GuardedServerSocketFactory(serverSockets, new ConnectionGuard(limits));
        this.filter = SerialFilter.filter();
    }

    /** Plain RMI on every interface, with the serial filter. */
    public static RmiTransport plain() {
        return new RmiTransport(Kind.PLAIN, null, new PlainServerSocketFactory());
    }

    /**
     * This transport with other connection limits (the defaults are {@link ConnectionLimits#DEFAULTS}). Use it
     * instead of this one, before anything is exported: the two do not share a port.
     */
    public RmiTransport withLimits(ConnectionLimits limits) {
        return new RmiTransport(kind, clientSockets, unguardedServerSockets, limits);
    }

    /** Plain RMI that listens on the loopback address only, with the serial filter. */
    public static RmiTransport loopback() {
        return new RmiTransport(Kind.LOOPBACK, null, new LoopbackServerSocketFactory());
    }

    /**
     * Mutual TLS 1.3: the server side asks every caller for a certificate the truststore vouches for, whose role the
     * context's trust manager checks ({@link TlsSettings#context}), and tells each call who its caller is
     * ({@link CallerCertificate}). The client
     * side ({@link SslRMIClientSocketFactory}) uses the JVM's default context, so {@code context} also becomes
     * {@link SSLContext#setDefault the default}: call this before the first TLS connection of the process.
     */
    public static RmiTransport tls(SSLContext context) {
        SSLContext.setDefault(context);
        return new RmiTransport(Kind.TLS, new SslRMIClientSocketFactory(), new TlsServerSockets(context));
    }

    public Kind kind() {
        return kind;
    }

    /** Whether other machines can connect. */
    public boolean reachableFromOtherHosts() {
        return kind != Kind.LOOPBACK;
    }

    /** Exports {@code object} on {@code port} (0: any) with this transport's sockets and the serial filter. */
    @SuppressWarnings("unchecked")
    public <T extends Remote> T export(Remote object, int port) throws RemoteException {
        return (T) UnicastRemoteObject.exportObject(object, port, clientSockets, serverSockets, filter);
    }

    /**
     * A registry on {@code port} with this transport's sockets that no remote caller can bind in, rebind or unbind
     * from ({@link ReadOnlyRegistry}). Where the JVM was started without the export that class needs, the JDK's
     * own registry is used and a warning says what that leaves open.
     */
    public Registry createRegistry(int port) throws RemoteException {
        try {
            return new ReadOnlyRegistry(port, clientSockets, serverSockets);
        } catch (IllegalAccessError e) {
            LOG.warn("This JVM was started without --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED, so the registry on port {}"
                    + " is the JDK's own: any program on this machine may replace the names bound in it. Start TaskGrid"
                    + " through bin/taskgrid, or add that option.", port);
            if (clientSockets == null && serverSockets == null) {
                return LocateRegistry.createRegistry(port);
            }
            return LocateRegistry.createRegistry(port, clientSockets, serverSockets);
        }
    }

    /** A stub of the registry at {@code host:port}; connecting to it gives up after {@code connectTimeout}, TLS too. */
    public Registry registry(String host, int port, Duration connectTimeout) throws RemoteException {
        int millis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        RMIClientSocketFactory sockets = kind == Kind.TLS ? new TimeoutTlsClientSocketFactory(millis)
                : new TimeoutClientSocketFactory(millis);
        return LocateRegistry.getRegistry(host, port, sockets);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PLAIN -> "plain RMI on every interface";
            case LOOPBACK -> "plain RMI on this machine only (loopback)";
            case TLS -> "RMI over mutual TLS 1.3";
        };
    }
}

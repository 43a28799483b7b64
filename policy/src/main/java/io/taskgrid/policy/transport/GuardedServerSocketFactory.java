package io.taskgrid.policy.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.rmi.server.RMIServerSocketFactory;

/**
 * The server sockets of {@code inner} (plain, loopback or TLS), with every accepted connection passed through
 * {@code guard}: over a cap it is closed at once, else it gets its first-call deadline.
 *
 * <p>Two of them are equal when their inner factories and limits are, whatever their guard: RMI shares one port,
 * and one transport, among equal factories only, and the listener keeps the guard of the first. So a controller
 * started again in the same JVM on the same port is reached by the connections its clients kept open (with a guard
 * per instance, those landed on the closed controller's transport: "no such object in table").
 */
record GuardedServerSocketFactory(RMIServerSocketFactory inner, ConnectionGuard guard) implements RMIServerSocketFactory {
    @Override
    public boolean equals(Object other) {
        return other instanceof GuardedServerSocketFactory that && inner.equals(that.inner)
                && guard.limits().equals(that.guard.limits());
    }

    @Override
    public int hashCode() {
        return 31 * inner.hashCode() + guard.limits().hashCode();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new Listener(inner.createServerSocket(port), guard);
    }

    /** A listening socket whose {@link #accept} hands out only admitted, guarded connections. */
    private static final class Listener extends ServerSocket {
        private final ServerSocket socket;
        private final ConnectionGuard guard;

        Listener(ServerSocket socket, ConnectionGuard guard) throws IOException {
            this.socket = socket;
            this.guard = guard;
        }

        @Override
        public Socket accept() throws IOException {
            while (true) {
                Socket admitted = guard.admit(socket.accept());
                if (admitted != null) {
                    return admitted;
                }
            }
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            throw new SocketException("This listening socket is bound already.");
        }

        @Override
        public InetAddress getInetAddress() {
            return socket.getInetAddress();
        }

        @Override
        public int getLocalPort() {
            return socket.getLocalPort();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return socket.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            super.close();
        }

        @Override
        public ServerSocketChannel getChannel() {
            return null;
        }

        @Override
        public boolean isBound() {
            return socket.isBound();
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            socket.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws IOException {
            return socket.getSoTimeout();
        }

        @Override
        public void setReuseAddress(boolean on) throws SocketException {
            socket.setReuseAddress(on);
        }

        @Override
        public boolean getReuseAddress() throws SocketException {
            return socket.getReuseAddress();
        }

        @Override
        public synchronized void setReceiveBufferSize(int size) throws SocketException {
            socket.setReceiveBufferSize(size);
        }

        @Override
        public synchronized int getReceiveBufferSize() throws SocketException {
            return socket.getReceiveBufferSize();
        }

        @Override
        public String toString() {
            return "guarded " + socket;
        }
    }
}

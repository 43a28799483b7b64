package io.taskgrid.policy.transport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMIServerSocketFactory;

/**
 * Mutual TLS 1.3 server sockets whose connections record their peer's certificate for the call they carry
 * ({@link CallerCertificate}). A record, so that exports with the same context share one port.
 */
record TlsServerSockets(SSLContext context) implements RMIServerSocketFactory {
    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        SSLServerSocket tls = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port);
        tls.setEnabledProtocols(new String[] {TlsSettings.PROTOCOL});
        tls.setNeedClientAuth(true);
        return new PeerRecordingServerSocket(tls);
    }

    /** Hands out accepted connections as {@link PeerRecordingSocket}s. */
    private static final class PeerRecordingServerSocket extends ServerSocket {
        private final SSLServerSocket tls;

        PeerRecordingServerSocket(SSLServerSocket tls) throws IOException {
            this.tls = tls;
        }

        @Override
        public Socket accept() throws IOException {
            return new PeerRecordingSocket((SSLSocket) tls.accept());
        }

        @Override
        public int getLocalPort() {
            return tls.getLocalPort();
        }

        @Override
        public java.net.InetAddress getInetAddress() {
            return tls.getInetAddress();
        }

        @Override
        public java.net.SocketAddress getLocalSocketAddress() {
            return tls.getLocalSocketAddress();
        }

        @Override
        public boolean isBound() {
            return tls.isBound();
        }

        @Override
        public boolean isClosed() {
            return tls.isClosed();
        }

        @Override
        public void setSoTimeout(int timeout) throws java.net.SocketException {
            tls.setSoTimeout(timeout);
        }

        @Override
        public void close() throws IOException {
            tls.close();
        }

        @Override
        public String toString() {
            return "PeerRecordingServerSocket[" + tls + "]";
        }
    }
}

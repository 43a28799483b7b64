package io.taskgrid.policy.transport;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;

/**
 * TLS connections (the JVM's default context, which {@link RmiTransport#tls} sets) that give up connecting after
 * {@code timeoutMillis} instead of hanging on a host that does not answer: the TCP connection is made first, with the
 * deadline, then TLS is layered on it. The handshake itself is bounded by RMI's handshake timeout.
 */
record TimeoutTlsClientSocketFactory(int timeoutMillis) implements RMIClientSocketFactory, Serializable {
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
            tls.setEnabledProtocols(new String[] {TlsSettings.PROTOCOL});
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}

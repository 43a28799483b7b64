package io.taskgrid.policy.transport;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * An accepted TLS connection that tells {@link CallerCertificate} who its peer is, on the reading thread, at every
 * read: the RMI runtime reads a call on its connection's thread and runs it there, so the call sees its own peer.
 * Everything else is the TLS socket's.
 */
final class PeerRecordingSocket extends Socket {
    private final SSLSocket tls;
    private volatile Peer peer;

    PeerRecordingSocket(SSLSocket tls) {
        this.tls = tls;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new FilterInputStream(tls.getInputStream()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                recordPeer();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                recordPeer();
                return n;
            }
        };
    }

    private void recordPeer() throws IOException {
        Peer known = peer;
        if (known == null) {
            known = peerOf(tls);
            peer = known;
        }
        CallerCertificate.record(known);
    }

    private static Peer peerOf(SSLSocket tls) throws IOException {
        Certificate[] chain;
        try {
            chain = tls.getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new SocketException("The peer of this TLS connection showed no certificate: " + e.getMessage());
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new SocketException("The peer of this TLS connection showed no X.509 certificate.");
        }
        return Peer.of(leaf).orElseThrow(() -> new SocketException("The certificate of " + leaf.getSubjectX500Principal().getName()
                + " carries no TaskGrid role."));
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return tls.getOutputStream();
    }

    @Override
    public InetAddress getInetAddress() {
        return tls.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return tls.getLocalAddress();
    }

    @Override
    public int getPort() {
        return tls.getPort();
    }

    @Override
    public int getLocalPort() {
        return tls.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return tls.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return tls.getLocalSocketAddress();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        tls.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return tls.getTcpNoDelay();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        tls.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return tls.getSoTimeout();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        tls.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return tls.getKeepAlive();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        tls.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return tls.getSoLinger();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        tls.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return tls.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        tls.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return tls.getReceiveBufferSize();
    }

    @Override
    public void shutdownInput() throws IOException {
        tls.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        tls.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return tls.isConnected();
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
    public boolean isInputShutdown() {
        return tls.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return tls.isOutputShutdown();
    }

    @Override
    public synchronized void close() throws IOException {
        tls.close();
    }

    @Override
    public String toString() {
        return "PeerRecordingSocket[" + tls + "]";
    }
}

package io.taskgrid.policy.transport;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * An accepted TLS connection that tells {@link CallerCertificate} who its peer is, on the reading thread, at every
 * read: the RMI runtime reads a call on its connection's thread and runs it there, so the call sees its own peer.
 * Everything else is the TLS socket's ({@link DelegatingSocket}).
 */
final class PeerRecordingSocket extends DelegatingSocket {
    private final SSLSocket tls;
    private volatile Peer peer;

    PeerRecordingSocket(SSLSocket tls) throws SocketException {
        super(tls);
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
    public String toString() {
        return "PeerRecordingSocket[" + tls + "]";
    }
}

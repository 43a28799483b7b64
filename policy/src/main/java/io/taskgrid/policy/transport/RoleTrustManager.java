package io.taskgrid.policy.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CA's word, and then the role: a certificate the CA signed is accepted only when its role is one this process
 * talks to. A controller talks to agents and clients; agents and clients talk to the controller only. So a client's
 * key cannot pose as an agent or a controller, and an agent takes {@code execute} from the controller's key alone.
 * With {@code verifyHostnames}, a server's certificate must also name the host it was reached at.
 */
final class RoleTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(RoleTrustManager.class);
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final X509ExtendedTrustManager ca;
    private final PeerRole self;
    private final Set<PeerRole> peers;
    private final boolean verifyHostnames;

    RoleTrustManager(X509ExtendedTrustManager ca, PeerRole self, boolean verifyHostnames) {
        this.ca = ca;
        this.self = self;
        this.peers = self == PeerRole.CONTROLLER ? Set.of(PeerRole.AGENT, PeerRole.CLIENT) : Set.of(PeerRole.CONTROLLER);
        this.verifyHostnames = verifyHostnames;
    }

    /** The roles this process accepts at the other end of a connection. */
    Set<PeerRole> peers() {
        return peers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        ca.checkClientTrusted(chain, authType, socket);
        checkRole(chain, "calling from", address(socket), true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        ca.checkServerTrusted(chain, authType, socket);
        checkRole(chain, "reached at", address(socket), false);
        if (verifyHostnames && socket instanceof SSLSocket ssl) {
            checkHostname(chain[0], ssl.getHandshakeSession());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        ca.checkClientTrusted(chain, authType, engine);
        checkRole(chain, "calling from", "an engine", true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        ca.checkServerTrusted(chain, authType, engine);
        checkRole(chain, "reached at", "an engine", false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        ca.checkClientTrusted(chain, authType);
        checkRole(chain, "calling from", "an unknown address", true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        ca.checkServerTrusted(chain, authType);
        checkRole(chain, "reached at", "an unknown address", false);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return ca.getAcceptedIssuers();
    }

    /** @param inbound a caller (logged at WARN: the caller's own error does not reach this side's log) or a peer reached */
    private void checkRole(X509Certificate[] chain, String how, String where, boolean inbound) throws CertificateException {
        X509Certificate leaf = chain[0];
        PeerRole role = PeerRole.of(leaf).orElse(null);
        if (role == null || !peers.contains(role)) {
            String what = role == null ? "carries no TaskGrid role" : "is a TaskGrid " + role.word() + " certificate";
            String message = "The certificate of " + leaf.getSubjectX500Principal().getName() + " (" + how + " " + where + ") "
                    + what + "; " + self.withArticle() + " only talks to " + peers.stream().map(PeerRole::word).sorted()
                    .collect(Collectors.joining(" and ")) + " certificates. "
                    + (inbound ? "Give that side the keystore issued for its role (`taskgrid tls issue`)."
                            : "Check the address and port you gave: they lead elsewhere.");
            if (inbound) {
                LOG.warn("Refused a TLS connection: {}", message);
            } else {
                LOG.debug("Refused a TLS connection: {}", message);
            }
            throw new CertificateException(message);
        }
    }

    private static void checkHostname(X509Certificate leaf, SSLSession session) throws CertificateException {
        String host = session == null ? null : session.getPeerHost();
        if (host == null) {
            throw new CertificateException("Cannot verify the host name of " + leaf.getSubjectX500Principal().getName()
                    + ": the connection does not say which host it was made to.");
        }
        String wanted = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateException("Cannot read the host names of " + leaf.getSubjectX500Principal().getName(), e);
        }
        if (names != null) {
            for (List<?> name : names) {
                int type = (Integer) name.get(0);
                if ((type == DNS_NAME || type == IP_ADDRESS) && wanted.equalsIgnoreCase(String.valueOf(name.get(1)))) {
                    return;
                }
            }
        }
        String message = "The certificate of " + leaf.getSubjectX500Principal().getName() + " does not name the host " + wanted
                + " it was reached at (--verify-hostnames); issue it for that name, or connect by a name it holds.";
        LOG.debug("Refused a TLS connection: {}", message);
        throw new CertificateException(message);
    }

    private static String address(Socket socket) {
        return socket == null || socket.getInetAddress() == null ? "an unknown address" : socket.getInetAddress().getHostAddress();
    }
}

package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.policy.transport.CallerCertificate;
import io.taskgrid.policy.transport.Peer;
import io.taskgrid.policy.transport.PeerRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.AccessException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Over TLS, who a caller is comes from its certificate, not from what it says: a client's key opens client sessions
 * only, an agent registers only under the id its certificate names, and every later call of a session must come
 * from the same identity. While an agent id is connected under one certificate, another certificate of that id
 * is refused. In-process calls pass. The other checks (address rules, log-in) are {@code next}'s.
 */
final class CertificateGate implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateGate.class);
    private final Authenticator next;
    private final Predicate<String> agentConnected;
    private final Map<String, String> agentCertificates = new ConcurrentHashMap<>();

    CertificateGate(Authenticator next, Predicate<String> agentConnected) {
        this.next = next;
        this.agentConnected = agentConnected;
    }

    @Override
    public Login checkClient(ClientHello hello, String host) throws AccessDeniedException {
        requireRole(PeerRole.CLIENT, host, "open a client session", AccessDeniedException::new);
        return next.checkClient(hello, host);
    }

    @Override
    public void checkClientCall(String host, String operation) throws AccessException {
        requireRole(PeerRole.CLIENT, host, operation, AccessException::new);
        next.checkClientCall(host, operation);
    }

    @Override
    public void checkAgent(AgentRegistration registration, String host) throws AccessDeniedException {
        Peer peer = requireRole(PeerRole.AGENT, host, "register an agent", AccessDeniedException::new);
        next.checkAgent(registration, host);
        if (peer == null) {
            return;
        }
        String id = registration.agentId();
        if (!peer.name().equals(id)) {
            throw refused(host, "The certificate of agent " + peer.name() + " may not register as agent " + id
                    + "; an agent registers under the id its certificate names (start it without --id).", AccessDeniedException::new);
        }
        String known = agentCertificates.get(id);
        if (known != null && !known.equals(peer.fingerprint()) && agentConnected.test(id)) {
            throw refused(host, "Agent " + id + " is connected already under another certificate (" + known.substring(0, 12)
                    + "…); this one (" + peer.fingerprint().substring(0, 12) + "…) is refused until that agent leaves or is lost.",
                    AccessDeniedException::new);
        }
        agentCertificates.put(id, peer.fingerprint());
    }

    @Override
    public void checkAgentCall(String host, String operation) throws AccessException {
        next.checkAgentCall(host, operation);
    }

    @Override
    public void checkAgentIdentity(String agentId, String host, String operation) throws AccessException {
        Peer peer = requireRole(PeerRole.AGENT, host, operation, AccessException::new);
        if (peer != null && !(peer.name().equals(agentId) && peer.fingerprint().equals(agentCertificates.get(agentId)))) {
            throw refused(host, "The session of agent " + agentId + " was called by " + peer.describe()
                    + "; only the agent that registered it may use it.", AccessException::new);
        }
        next.checkAgentIdentity(agentId, host, operation);
    }

    /** A refusal, made and logged. */
    private interface Refusal<E extends Exception> {
        E make(String message);
    }

    /** The caller's certificate, which must have {@code role}; {@code null} for an in-process call. */
    private static <E extends Exception> Peer requireRole(PeerRole role, String host, String operation, Refusal<E> refusal) throws E {
        if (Callers.LOCAL.equals(host)) {
            return null;
        }
        Peer peer = CallerCertificate.current().orElse(null);
        if (peer == null) {
            throw refused(host, "A caller from " + host + " showed no TaskGrid certificate; this controller takes calls over"
                    + " mutual TLS only.", refusal);
        }
        if (peer.role() != role) {
            throw refused(host, "The " + peer.describe() + " may not " + operation + ": that takes " + role.withArticle()
                    + " certificate. Use the keystore made for this " + role.word() + " by `taskgrid tls issue`.", refusal);
        }
        return peer;
    }

    private static <E extends Exception> E refused(String host, String message, Refusal<E> refusal) {
        LOG.warn("Refused a call from {}: {}", host, message);
        return refusal.make(message);
    }
}

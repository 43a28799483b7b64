package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.policy.users.OwnerToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.AccessException;

/**
 * {@code taskgrid local} runs without log-in, so its programs run as whoever started it: only that user's own
 * processes may open sessions or register agents, which they prove with the {@link OwnerToken} only that user
 * can read. Other users of the machine are refused in words. In-process calls pass; the rest is {@code next}'s.
 */
final class OwnerGate implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerGate.class);
    private final Authenticator next;
    private final OwnerToken token;

    OwnerGate(Authenticator next, OwnerToken token) {
        this.next = next;
        this.token = token;
    }

    @Override
    public Login checkClient(ClientHello hello, String host) throws AccessDeniedException {
        check(hello.ownerToken(), host, "client of user '" + hello.user() + "'");
        return next.checkClient(hello, host);
    }

    @Override
    public void checkClientCall(String host, String operation) throws AccessException {
        next.checkClientCall(host, operation);
    }

    @Override
    public void checkAgent(AgentRegistration registration, String host) throws AccessDeniedException {
        check(registration.ownerToken(), host, "agent " + registration.agentId());
        next.checkAgent(registration, host);
    }

    @Override
    public void checkAgentCall(String host, String operation) throws AccessException {
        next.checkAgentCall(host, operation);
    }

    @Override
    public void checkAgentIdentity(String agentId, String host, String operation) throws AccessException {
        next.checkAgentIdentity(agentId, host, operation);
    }

    private void check(String presented, String host, String who) throws AccessDeniedException {
        if (Callers.LOCAL.equals(host) || token.matches(presented)) {
            return;
        }
        LOG.warn("Refused a {} from {}: it did not show the owner's token of this taskgrid local ({}).", who, host,
                presented == null ? "none shown" : "a wrong one");
        throw new AccessDeniedException("This controller is a `taskgrid local` and takes commands only from the user who"
                + " started it (their processes read " + token.file() + "). Run the command as that user, or start a"
                + " `taskgrid local` of your own on another port (--port).");
    }
}

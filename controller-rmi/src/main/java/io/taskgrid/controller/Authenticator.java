package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.client.ClientHello;

import java.rmi.AccessException;

/**
 * The access checks: at the two entry points (address rules, log-in) and at every later call of a session,
 * since a session stub could leak to another host. {@link #ACCEPT_ALL} lets everyone in as an administrator
 * (tests, embedded use); {@link AccessGate} applies rule files and the users file.
 */
interface Authenticator {
    Authenticator ACCEPT_ALL = new Authenticator() {
    };

    /** Who logged in: the user name and whether it may use the admin commands. */
    record Login(String user, boolean admin) {
    }

    /** @return who the client is, once its address and credentials passed */
    default Login checkClient(ClientHello hello, String host) throws AccessDeniedException {
        return new Login(hello.user(), true);
    }

    /** Before every call of a client session (the address rules only; the session proves the log-in). */
    default void checkClientCall(String host, String operation) throws AccessException {
    }

    default void checkAgent(AgentRegistration registration, String host) throws AccessDeniedException {
    }

    /** Before every call of an agent session. */
    default void checkAgentCall(String host, String operation) throws AccessException {
    }

    /** Before every call of an agent session: that the caller is the agent that registered it (TLS: by certificate). */
    default void checkAgentIdentity(String agentId, String host, String operation) throws AccessException {
    }
}

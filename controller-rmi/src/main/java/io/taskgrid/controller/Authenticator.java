package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.client.ClientHello;

/**
 * The access check at the two entry points (issue 7 adds address rules and log-in here). Accepts everyone
 * for now.
 */
interface Authenticator {
    Authenticator ACCEPT_ALL = new Authenticator() {
    };

    default void checkClient(ClientHello hello, String host) throws AccessDeniedException {
    }

    default void checkAgent(AgentRegistration registration, String host) throws AccessDeniedException {
    }
}

package io.taskgrid.controller;

import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.OwnerToken;
import io.taskgrid.policy.users.UserStore;

import java.util.Objects;

/**
 * Who may reach a controller and how.
 *
 * @param clientRules address rules for clients ({@code clients.rules}); {@code null} lets every address in
 * @param agentRules  address rules for agents ({@code agents.rules}); {@code null} lets every address in
 * @param users       the users file clients log in against; {@code null} turns log-in off (every client is an
 *                    administrator), which only makes sense on loopback
 * @param transport   sockets (plain, loopback, TLS) and the serial filter of the registry and every export
 * @param ownerToken  for {@code taskgrid local}: only callers that show this token (its owner's processes) get in;
 *                    {@code null} otherwise
 */
public record ControllerSecurity(RuleFile clientRules, RuleFile agentRules, UserStore users, RmiTransport transport,
                                 OwnerToken ownerToken) {
    public ControllerSecurity {
        Objects.requireNonNull(transport, "transport");
    }

    public ControllerSecurity(RuleFile clientRules, RuleFile agentRules, UserStore users, RmiTransport transport) {
        this(clientRules, agentRules, users, transport, null);
    }

    /** No rules, no log-in, plain RMI with the serial filter: for tests and embedding on a trusted host. */
    public static ControllerSecurity none() {
        return new ControllerSecurity(null, null, null, RmiTransport.plain());
    }

    public boolean loginRequired() {
        return users != null;
    }
}

package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.LoginRequiredException;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.policy.rules.AccessDecision;
import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.users.LoginThrottle;
import io.taskgrid.policy.users.User;
import io.taskgrid.policy.users.UserStore;
import io.taskgrid.policy.users.UsersFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.rmi.AccessException;
import java.time.Duration;
import java.util.Optional;

/**
 * Applies {@code clients.rules} to clients and {@code agents.rules} to agents (at the entry points and on every
 * session call), and checks log-ins against the users file, slowing down an address after failed attempts.
 * Every refusal is logged and answered with a sentence naming the address and the rule file.
 */
final class AccessGate implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);
    private final RuleFile clientRules;
    private final RuleFile agentRules;
    private final UserStore users;
    private final LoginThrottle throttle;

    AccessGate(ControllerSecurity security, LoginThrottle throttle) {
        this.clientRules = security.clientRules();
        this.agentRules = security.agentRules();
        this.users = security.users();
        this.throttle = throttle;
    }

    @Override
    public Login checkClient(ClientHello hello, String host) throws AccessDeniedException {
        String refusal = refusal(clientRules, host, "client");
        if (refusal != null) {
            throw new AccessDeniedException(refusal);
        }
        if (users == null) {
            return new Login(hello.user(), true);
        }
        if (hello.password() == null) {
            throw new LoginRequiredException("The controller asks for a log-in: give the password of user " + hello.user()
                    + " (the console asks for it, or reads TASKGRID_PASSWORD).");
        }
        Duration delay = throttle.delayFor(host);
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AccessDeniedException("The controller is stopping; log in again after it restarts.");
            }
        }
        Optional<User> user;
        char[] password = hello.password().toCharArray();
        try {
            user = users.authenticate(hello.user(), password);
        } catch (UsersFileException e) {
            LOG.error("Log-in of {} from {} failed on the users file: {}", hello.user(), host, e.getMessage());
            throw new AccessDeniedException("The controller cannot read its users file; ask its administrator to fix it ("
                    + users.file() + ").");
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        if (user.isEmpty()) {
            throttle.failed(host);
            LOG.warn("Refused log-in of user '{}' from {}: wrong user name or password.", hello.user(), host);
            throw new AccessDeniedException("Wrong user name or password for '" + hello.user() + "'; check them (TASKGRID_USER,"
                    + " TASKGRID_PASSWORD) or ask an administrator to set them with `taskgrid user passwd`.");
        }
        throttle.succeeded(host);
        return new Login(user.get().name(), user.get().isAdmin());
    }

    @Override
    public void checkClientCall(String host, String operation) throws AccessException {
        String refusal = refusal(clientRules, host, "client");
        if (refusal != null) {
            throw new AccessException(refusal);
        }
    }

    @Override
    public void checkAgent(AgentRegistration registration, String host) throws AccessDeniedException {
        String refusal = refusal(agentRules, host, "agent");
        if (refusal != null) {
            throw new AccessDeniedException(refusal);
        }
    }

    @Override
    public void checkAgentCall(String host, String operation) throws AccessException {
        String refusal = refusal(agentRules, host, "agent");
        if (refusal != null) {
            throw new AccessException(refusal);
        }
    }

    /** {@code null} when allowed, else the sentence (also logged). */
    static String refusal(RuleFile rules, String host, String role) {
        if (rules == null || Callers.LOCAL.equals(host)) {
            return null;
        }
        AccessDecision decision;
        try {
            decision = rules.check(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            decision = new AccessDecision(false, "its address cannot be read");
        }
        if (decision.allowed()) {
            return null;
        }
        String sentence = "The address " + host + " may not use this controller as " + ("agent".equals(role) ? "an" : "a") + " "
                + role + ": " + decision.reason() + ". Allow it in " + rules.file() + " on the controller (e.g. 'allow "
                + host + "/32').";
        LOG.warn("Refused {} {}: {}", role, host, decision.reason());
        return sentence;
    }
}

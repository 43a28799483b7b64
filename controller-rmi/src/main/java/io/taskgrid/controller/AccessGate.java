package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.Durations;
import io.taskgrid.api.LoginRequiredException;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.policy.rules.AccessDecision;
import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.users.LoginThrottle;
import io.taskgrid.policy.users.LoginThrottle.Admission;
import io.taskgrid.policy.users.LoginThrottle.Admitted;
import io.taskgrid.policy.users.LoginThrottle.Busy;
import io.taskgrid.policy.users.LoginThrottle.LockedOut;
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
 * session call), and checks log-ins against the users file through the {@link LoginThrottle} (one check in flight
 * per user and per address, delays after failures, lock-out after many). Every refusal is logged at WARN with the
 * address (and the user) and answered with a sentence naming what to do.
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
        FilePermissions.warnIfOpen(clientRules == null ? null : clientRules.file(), "client rules file", false);
        FilePermissions.warnIfOpen(agentRules == null ? null : agentRules.file(), "agent rules file", false);
        FilePermissions.warnIfOpen(users == null ? null : users.file(), "users file", true);
    }

    @Override
    public Login checkClient(ClientHello hello, String host) throws AccessDeniedException {
        String refusal = refusal(clientRules, host, "client", hello.user());
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
        String name = hello.user();
        Admission admission = throttle.admit(name, host);
        if (admission instanceof LockedOut lock) {
            LOG.warn("Refused log-in of user '{}' from {}: locked out for {} more after {} wrong passwords.", name, host,
                    Durations.format(lock.remaining()), lock.failures());
            throw new AccessDeniedException(lockedSentence(name, lock));
        }
        if (admission instanceof Busy busy) {
            LOG.warn("Refused log-in of user '{}' from {}: another log-in {} is being checked.", name, host,
                    busy.sameUser() ? "of this user" : "from this address");
            throw new AccessDeniedException("Another log-in " + (busy.sameUser() ? "of user " + name : "from " + host)
                    + " is being checked right now; try again in a few seconds.");
        }
        Admitted attempt = (Admitted) admission;
        try {
            return check(hello, host, attempt);
        } finally {
            throttle.release(attempt);
        }
    }

    /** Waits the delay, checks the password and reports the verdict to the throttle. */
    private Login check(ClientHello hello, String host, Admitted attempt) throws AccessDeniedException {
        Duration delay = attempt.delay();
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
            Optional<LockedOut> lock = throttle.failed(attempt);
            if (lock.isPresent()) {
                LOG.warn("Locked out user '{}' for {} after {} wrong passwords in a row, the last from {}.", hello.user(),
                        Durations.format(lock.get().remaining()), lock.get().failures(), host);
                throw new AccessDeniedException("Wrong user name or password for '" + hello.user() + "'. "
                        + lockedSentence(hello.user(), lock.get()));
            }
            LOG.warn("Refused log-in of user '{}' from {}: wrong user name or password.", hello.user(), host);
            throw new AccessDeniedException("Wrong user name or password for '" + hello.user() + "'; check them (TASKGRID_USER,"
                    + " TASKGRID_PASSWORD) or ask an administrator to set them with `taskgrid user passwd`.");
        }
        throttle.succeeded(attempt);
        return new Login(user.get().name(), user.get().isAdmin());
    }

    static String lockedSentence(String user, LockedOut lock) {
        long minutes = (lock.remaining().toSeconds() + 59) / 60;
        String left = minutes <= 1 ? "1 more minute" : minutes + " more minutes";
        return "User " + user + " is locked for " + left + " after " + lock.failures() + " wrong passwords in a row;"
                + " wait until then, or ask an administrator (restarting the controller lifts the lock).";
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
        return refusal(rules, host, role, null);
    }

    /** @param user who the client says it is, for the log; {@code null} when not known here */
    static String refusal(RuleFile rules, String host, String role, String user) {
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
        LOG.warn("Refused {} {}{}: {}", role, host, user == null ? "" : " (user '" + user + "')", decision.reason());
        return sentence;
    }
}

package io.taskgrid.agent;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.policy.rules.AccessDecision;
import io.taskgrid.policy.rules.RuleFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@link CallerPolicy#rules}: the agent's rule file decides who may hand it tasks or cancel them. */
final class RuleCallerPolicy implements CallerPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RuleCallerPolicy.class);
    private final RuleFile rules;

    RuleCallerPolicy(RuleFile rules) {
        this.rules = rules;
    }

    @Override
    public void check(String callerHost, String operation) throws AccessDeniedException {
        if ("local".equals(callerHost)) {
            return;
        }
        AccessDecision decision;
        try {
            decision = rules.check(InetAddress.getByName(callerHost));
        } catch (UnknownHostException e) {
            decision = new AccessDecision(false, "its address cannot be read");
        }
        if (!decision.allowed()) {
            LOG.warn("Refused {} from {}: {}", operation, callerHost, decision.reason());
            throw new AccessDeniedException("The address " + callerHost + " may not call this agent (" + operation + "): "
                    + decision.reason() + ". Allow the controller's address in " + rules.file() + " on the agent.");
        }
    }
}

package io.taskgrid.agent;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.policy.rules.RuleFile;

/**
 * Who may call the agent's service. Consulted at the top of every remote entry point with the caller's
 * address ({@code RemoteServer.getClientHost()}, or "local" for an in-process call). Issue 7 plugs the
 * policy rule files in here; until then every caller is allowed.
 */
@FunctionalInterface
public interface CallerPolicy {
    /**
     * @param callerHost the caller's address
     * @param operation  "execute" or "cancel"
     * @throws AccessDeniedException with a sentence naming the refused address
     */
    void check(String callerHost, String operation) throws AccessDeniedException;

    static CallerPolicy allowAll() {
        return (callerHost, operation) -> {
        };
    }

    /**
     * The agent's own rule file: callers whose address it does not allow are refused (and logged) before
     * anything runs. In-process calls ("local") pass. Changes of the file take effect without a restart.
     */
    static CallerPolicy rules(RuleFile rules) {
        return new RuleCallerPolicy(rules);
    }
}

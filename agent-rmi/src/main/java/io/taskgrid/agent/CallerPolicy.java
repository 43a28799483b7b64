package io.taskgrid.agent;

import io.taskgrid.api.AccessDeniedException;

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
}

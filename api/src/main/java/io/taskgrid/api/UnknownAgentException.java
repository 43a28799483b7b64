package io.taskgrid.api;

/**
 * The controller does not (or no longer) know this agent, for instance after the controller restarted
 * or declared the agent lost. The agent should register again.
 */
public class UnknownAgentException extends TaskGridException {
    private static final long serialVersionUID = 1L;

    public UnknownAgentException(String agentId) {
        super("The controller does not know agent " + agentId + "; register again.");
    }
}

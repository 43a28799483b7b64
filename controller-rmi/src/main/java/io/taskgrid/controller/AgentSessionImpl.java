package io.taskgrid.controller;

import io.taskgrid.api.HistoryUnavailableException;
import io.taskgrid.api.UnknownAgentException;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentSession;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.controller.history.StoreException;
import io.taskgrid.controller.scheduling.Scheduler;

import java.rmi.AccessException;
import java.rmi.RemoteException;
import java.util.List;
import java.util.Objects;

/** One agent's session. Stale once the agent re-registered or was lost: every call then fails with UnknownAgentException. */
final class AgentSessionImpl implements AgentSession {
    private final String agentId;
    private final long token;
    private final Scheduler scheduler;
    private final Authenticator authenticator;
    private final long leaseMillis;

    AgentSessionImpl(String agentId, long token, Scheduler scheduler, Authenticator authenticator) {
        this(agentId, token, scheduler, authenticator, 0);
    }

    AgentSessionImpl(String agentId, long token, Scheduler scheduler, Authenticator authenticator, long leaseMillis) {
        this.leaseMillis = leaseMillis;
        this.agentId = agentId;
        this.token = token;
        this.scheduler = scheduler;
        this.authenticator = authenticator;
    }

    /** The agent's address and identity are checked on every call: a leaked session stub is no way in. */
    private void checkCaller(String operation) throws AccessException {
        String host = Callers.host();
        authenticator.checkAgentCall(host, operation);
        authenticator.checkAgentIdentity(agentId, host, operation);
    }

    long token() {
        return token;
    }

    @Override
    public void heartbeat(AgentHeartbeat heartbeat) throws UnknownAgentException, AccessException {
        checkCaller("heartbeat");
        scheduler.heartbeat(agentId, token, Objects.requireNonNull(heartbeat, "heartbeat"));
    }

    @Override
    public void taskStarted(TaskStart start) throws UnknownAgentException, AccessException {
        checkCaller("taskStarted");
        scheduler.taskStarted(agentId, token, start);
    }

    @Override
    public void taskFinished(TaskOutcome outcome) throws UnknownAgentException, RemoteException {
        checkCaller("taskFinished");
        recording(() -> {
            scheduler.taskFinished(agentId, token, Objects.requireNonNull(outcome, "outcome"));
            return null;
        });
    }

    @Override
    public void report(List<TaskStart> started, List<TaskOutcome> finished) throws UnknownAgentException, RemoteException {
        checkCaller("report");
        recording(() -> {
            scheduler.report(agentId, token, List.copyOf(Objects.requireNonNull(started, "started")),
                    List.copyOf(Objects.requireNonNull(finished, "finished")));
            return null;
        });
    }

    @Override
    public List<TaskAssignment> reportAndTake(List<TaskStart> started, List<TaskOutcome> finished)
            throws UnknownAgentException, RemoteException {
        checkCaller("report");
        return recording(() -> scheduler.reportAndTake(agentId, token, List.copyOf(Objects.requireNonNull(started, "started")),
                List.copyOf(Objects.requireNonNull(finished, "finished"))));
    }

    private interface Report<T> {
        T run() throws UnknownAgentException;
    }

    /**
     * Runs a report whose changes the history must take before it is acknowledged. When the history takes no writes,
     * the agent hears so in words and keeps its reports to send them again (the controller keeps what it applied, too).
     */
    private <T> T recording(Report<T> report) throws UnknownAgentException, HistoryUnavailableException {
        try {
            return report.run();
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("record the reports of agent " + agentId + "; the agent keeps them and sends"
                    + " them again", e);
        }
    }

    @Override
    public long leaseMillis() throws AccessException {
        checkCaller("leaseMillis");
        return leaseMillis;
    }

    @Override
    public void leave() throws AccessException {
        checkCaller("leave");
        scheduler.leave(agentId, token);
    }

    @Override
    public String toString() {
        return "AgentSession[" + agentId + "#" + token + "]";
    }
}

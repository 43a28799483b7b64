package io.taskgrid.api.agent;

import io.taskgrid.api.UnknownAgentException;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * The controller-side object an agent gets when it registers. Calls through a stale session (the
 * controller restarted or declared the agent lost) fail, and the agent registers again.
 */
public interface AgentSession extends Remote {

    /** Liveness, load and per-task usage. */
    void heartbeat(AgentHeartbeat heartbeat) throws RemoteException, UnknownAgentException;

    /** The program of a task was checked and started. */
    void taskStarted(long taskId, int attempt, java.time.Instant startedAt) throws RemoteException, UnknownAgentException;

    /**
     * A task ended. The controller records it exactly once: delivering the same outcome again (after a lost
     * reply) is harmless.
     */
    void taskFinished(TaskOutcome outcome) throws RemoteException, UnknownAgentException;

    /** The agent stops cleanly; its session ends. */
    void leave() throws RemoteException;
}

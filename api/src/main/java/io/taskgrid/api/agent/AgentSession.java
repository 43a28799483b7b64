package io.taskgrid.api.agent;

import io.taskgrid.api.UnknownAgentException;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;

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

    /**
     * Several reports in one call: every start, then every outcome (an outcome is never sent with the start of the
     * same attempt: it carries the start time itself). Recorded exactly as the single calls would record them.
     */
    default void report(List<TaskStart> started, List<TaskOutcome> finished)
            throws RemoteException, UnknownAgentException {
        for (TaskStart s : started) {
            taskStarted(s.taskId(), s.attempt(), s.startedAt());
        }
        for (TaskOutcome o : finished) {
            taskFinished(o);
        }
    }

    /** The agent stops cleanly; its session ends. */
    void leave() throws RemoteException;
}

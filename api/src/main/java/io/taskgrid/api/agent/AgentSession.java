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
    void taskStarted(TaskStart start) throws RemoteException, UnknownAgentException;

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
            taskStarted(s);
        }
        for (TaskOutcome o : finished) {
            taskFinished(o);
        }
    }

    /**
     * Reports like {@link #report} and takes new work in the answer, which saves the controller a call to the agent
     * for every task while the agent is busy. The answer lists tasks for this agent, in order; the agent takes them
     * exactly as if they came through {@link AgentService#executeAll} (within its slots and places ahead). A task it
     * cannot take after all (it is stopping) it gives back with an outcome in state {@code QUEUED}: the task never
     * started and goes back to the queue. An agent that uses this method makes its calls of this session
     * (reports and heartbeats) one after the other, each after it took the answer of the previous report: the
     * controller relies on that order, and sends nothing else to it until its next call.
     */
    default List<TaskAssignment> reportAndTake(List<TaskStart> started, List<TaskOutcome> finished)
            throws RemoteException, UnknownAgentException {
        report(started, finished);
        return List.of();
    }

    /**
     * The lease, in milliseconds, under which the agent holds its running attempts: it renews it with every call of
     * this session that succeeds (counted from when it sent the call) and stops its programs when it could not renew
     * it for this long, because the controller runs them again elsewhere soon after. 0: the controller sets none (the
     * agent keeps its own setting). Asked once, right after registration.
     */
    default long leaseMillis() throws RemoteException {
        return 0;
    }

    /** The agent stops cleanly; its session ends. */
    void leave() throws RemoteException;
}

package io.taskgrid.api.agent;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.AgentBusyException;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;

/** The remote object every agent exports; only the controller calls it. */
public interface AgentService extends Remote {

    /**
     * Accepts a task and returns at once; checking, staging and running happen on the agent's own threads,
     * and the outcome comes back through {@link AgentSession#taskFinished}.
     *
     * @throws AgentBusyException when every slot is taken or the agent is stopping
     */
    void execute(TaskAssignment assignment) throws RemoteException, AgentBusyException, AccessDeniedException;

    /**
     * Accepts tasks in order, each as {@link #execute} would, and returns how many of them, from the first, it
     * accepted: it stops at the first it cannot take (every slot and its queue ahead are taken, or it is stopping).
     * One call for what the controller decided together, instead of one round trip per task.
     */
    default int executeAll(List<TaskAssignment> assignments) throws RemoteException, AccessDeniedException {
        int accepted = 0;
        for (TaskAssignment a : assignments) {
            try {
                execute(a);
            } catch (AgentBusyException e) {
                return accepted;
            }
            accepted++;
        }
        return accepted;
    }

    /**
     * Stops an attempt: kills its whole process tree. The outcome (CANCELLED) comes back through
     * {@link AgentSession#taskFinished}.
     *
     * @param token the attempt's token (see {@link TaskAssignment#token}): the agent refuses (and logs) a cancel that
     *              names another attempt than the one it holds of that task
     * @return false when the agent does not run that attempt (anymore)
     */
    boolean cancel(long taskId, long token, String reason) throws RemoteException, AccessDeniedException;

    /**
     * Gives back a task it holds ahead of its slots and has not started, so that an idle agent can run it instead.
     *
     * @param token the attempt's token, as for {@link #cancel}
     * @return true when the task was taken off this agent unstarted (no outcome follows); false when it started
     *         already, or this agent does not hold that attempt
     */
    default boolean withdraw(long taskId, long token) throws RemoteException, AccessDeniedException {
        return false;
    }
}

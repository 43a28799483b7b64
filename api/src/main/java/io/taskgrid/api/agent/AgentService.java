package io.taskgrid.api.agent;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.AgentBusyException;

import java.rmi.Remote;
import java.rmi.RemoteException;

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
     * Stops a task: kills its whole process tree. The outcome (CANCELLED) comes back through
     * {@link AgentSession#taskFinished}.
     *
     * @return false when the agent does not run that task (anymore)
     */
    boolean cancel(long taskId, String reason) throws RemoteException, AccessDeniedException;
}

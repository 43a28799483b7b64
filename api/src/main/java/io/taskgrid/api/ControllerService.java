package io.taskgrid.api;

import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.AgentSession;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientSession;

import java.rmi.Remote;
import java.rmi.RemoteException;

/**
 * The one object a controller binds in its RMI registry. It only opens sessions: everything else a
 * client or an agent may do is reached through the session object it gets back, so that access checks
 * (address rules, log-in) happen once, here.
 */
public interface ControllerService extends Remote {
    /** Name under which the controller binds this service in its registry. */
    String REGISTRY_NAME = "taskgrid/controller";
    int DEFAULT_PORT = 1099;

    /**
     * Opens a client session.
     *
     * @param callback where the controller pushes events; {@code null} for a client that cannot be
     *                 called back (behind NAT, a script) and pulls {@link ClientSession#events} instead
     */
    ClientSession openSession(ClientHello hello, ClientCallback callback)
            throws RemoteException, AccessDeniedException;

    /**
     * Registers an agent (again, after a restart of either side). Tasks the agent reports as running
     * are reconciled with the history.
     */
    AgentSession registerAgent(AgentRegistration registration, AgentService agent)
            throws RemoteException, AccessDeniedException, InvalidRequestException;
}

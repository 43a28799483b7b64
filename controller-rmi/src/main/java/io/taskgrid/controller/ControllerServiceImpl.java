package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.AgentSession;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.GridProblem;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.api.task.Labels;
import io.taskgrid.policy.transport.RmiTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.RemoteException;
import java.util.concurrent.atomic.AtomicLong;

/** The registry's one object: opens client sessions and registers agents, after the access check. */
final class ControllerServiceImpl implements ControllerService {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerServiceImpl.class);
    private final Grid grid;
    private final Authenticator authenticator;
    private final RmiTransport transport;
    private final AtomicLong nextClient = new AtomicLong();

    ControllerServiceImpl(Grid grid, Authenticator authenticator, RmiTransport transport) {
        this.grid = grid;
        this.authenticator = authenticator;
        this.transport = transport;
    }

    @Override
    public ClientSession openSession(ClientHello hello, ClientCallback callback) throws RemoteException, AccessDeniedException {
        if (hello == null) {
            throw new AccessDeniedException("A client must say who it is (ClientHello) to open a session.");
        }
        String host = Callers.host();
        Authenticator.Login login = authenticator.checkClient(hello, host);
        String id = "c" + nextClient.incrementAndGet();
        ClientInfo info = new ClientInfo(id, login.user(), host, hello.kind(), grid.clock().instant(), callback != null);
        ClientSessionImpl session = new ClientSessionImpl(info, grid, authenticator, login);
        ClientSession stub = transport.export(session, grid.port());
        grid.sessions().addClient(session);
        if (callback != null) {
            grid.hub().subscribe(id, grid.access().filtered(login, callback), why -> grid.sessions().closeClient(id, why));
        }
        grid.hub().publishClient(ClientEvent.Kind.CONNECTED, info);
        LOG.debug("Client {} ({}@{}, {}) connected", id, hello.user(), host, hello.kind());
        return stub;
    }

    @Override
    public AgentSession registerAgent(AgentRegistration registration, AgentService agent)
            throws RemoteException, AccessDeniedException, InvalidRequestException {
        if (registration == null || agent == null) {
            throw new InvalidRequestException("An agent registers with its registration and its own remote service; both are required.");
        }
        authenticator.checkAgent(registration, Callers.host());
        if (!Version.PROTOCOL.equals(registration.protocol())) {
            String sentence = "Agent " + registration.agentId() + " speaks protocol " + registration.protocol()
                    + " but this controller speaks " + Version.PROTOCOL + "; run the same TaskGrid version on both.";
            LOG.warn("Refused agent {} from {}: {}", registration.agentId(), Callers.host(), sentence);
            grid.problems().note(GridProblem.Kind.REFUSED_LOGIN, sentence);
            throw new InvalidRequestException(sentence);
        }
        if (registration.slots() < 1) {
            throw new InvalidRequestException("Agent " + registration.agentId() + " offers " + registration.slots()
                    + " slots; start it with --slots 1 or more.");
        }
        long maxAhead = AgentRegistration.maxQueueAhead(registration.slots());
        if (registration.queueAhead() < 0 || registration.queueAhead() > maxAhead) {
            throw new InvalidRequestException("Agent " + registration.agentId() + " asks to hold " + registration.queueAhead()
                    + " tasks ahead of its slots; start it with --queue-ahead between 0 and " + maxAhead + ".");
        }
        try {
            Labels.ofAgent(registration.labels());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Agent " + registration.agentId() + " was refused: " + e.getMessage());
        }
        if (registration.agentId().isBlank()) {
            throw new InvalidRequestException("An agent id must not be blank; start the agent with --id NAME or let it choose one.");
        }
        long token = grid.scheduler().registerAgent(registration, agent);
        AgentSessionImpl session = new AgentSessionImpl(registration.agentId(), token, grid.scheduler(), authenticator,
                grid.scheduler().leases().lease().toMillis());
        AgentSession stub = transport.export(session, grid.port());
        grid.sessions().addAgent(registration.agentId(), session);
        return stub;
    }
}

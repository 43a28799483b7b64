package io.taskgrid.controller;

import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.controller.events.EventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.NoSuchObjectException;
import java.rmi.Remote;
import java.rmi.server.UnicastRemoteObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The exported client and agent sessions; ends them (unexport, announce) exactly once. */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private final EventHub hub;
    private final Map<String, ClientSessionImpl> clients = new ConcurrentHashMap<>();
    private final Map<String, AgentSessionImpl> agents = new ConcurrentHashMap<>();

    Sessions(EventHub hub) {
        this.hub = hub;
    }

    void addClient(ClientSessionImpl session) {
        clients.put(session.clientInfo().id(), session);
    }

    List<ClientInfo> clients() {
        return clients.values().stream().map(ClientSessionImpl::clientInfo)
                .sorted(Comparator.comparing(ClientInfo::connectedAt)).toList();
    }

    /** Ends a client session: stops its events, unexports it, announces DISCONNECTED. */
    void closeClient(String clientId, String why) {
        ClientSessionImpl s = clients.remove(clientId);
        if (s == null) {
            return;
        }
        hub.unsubscribe(clientId);
        unexport(s);
        LOG.info("{}", why);
        hub.publishClient(ClientEvent.Kind.DISCONNECTED, s.clientInfo());
    }

    void addAgent(String agentId, AgentSessionImpl session) {
        agents.put(agentId, session);
    }

    /** The scheduler says an agent's session ended (replaced, lost, left). */
    void agentGone(String agentId, long token) {
        AgentSessionImpl s = agents.get(agentId);
        if (s != null && s.token() == token && agents.remove(agentId, s)) {
            unexport(s);
        }
    }

    void closeAll() {
        for (String id : List.copyOf(clients.keySet())) {
            closeClient(id, "Client " + id + " disconnected: the controller stops.");
        }
        for (AgentSessionImpl s : List.copyOf(agents.values())) {
            unexport(s);
        }
        agents.clear();
    }

    static void unexport(Remote object) {
        try {
            UnicastRemoteObject.unexportObject(object, true);
        } catch (NoSuchObjectException e) {
            LOG.debug("Already unexported: {}", object);
        }
    }
}

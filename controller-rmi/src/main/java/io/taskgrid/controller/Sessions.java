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
    static final int MAX_STALE = 1_000;
    private final java.util.ArrayDeque<AgentSessionImpl> stale = new java.util.ArrayDeque<>();

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
        closeClient(clientId, why, false);
    }

    /** @param routine a client closing its own session: common (every console command does it), so not logged at INFO */
    void closeClient(String clientId, String why, boolean routine) {
        ClientSessionImpl s = clients.remove(clientId);
        if (s == null) {
            return;
        }
        hub.unsubscribe(clientId);
        unexport(s);
        if (routine) {
            LOG.debug("{}", why);
        } else {
            LOG.info("{}", why);
        }
        hub.publishClient(ClientEvent.Kind.DISCONNECTED, s.clientInfo());
    }

    void addAgent(String agentId, AgentSessionImpl session) {
        agents.put(agentId, session);
    }

    /** Whether an agent of this id has a live session. */
    boolean hasAgent(String agentId) {
        return agents.containsKey(agentId);
    }

    /**
     * The scheduler says an agent's session ended (replaced, lost, left). The session stays exported, so that
     * the agent's next call gets {@link io.taskgrid.api.UnknownAgentException} (its cue to register again)
     * rather than a bare NoSuchObjectException; only the oldest stale sessions beyond {@link #MAX_STALE} are
     * unexported.
     */
    void agentGone(String agentId, long token) {
        AgentSessionImpl s = agents.get(agentId);
        if (s != null && s.token() == token && agents.remove(agentId, s)) {
            AgentSessionImpl evicted = null;
            synchronized (stale) {
                stale.addLast(s);
                if (stale.size() > MAX_STALE) {
                    evicted = stale.removeFirst();
                }
            }
            if (evicted != null) {
                unexport(evicted);
            }
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
        synchronized (stale) {
            stale.forEach(Sessions::unexport);
            stale.clear();
        }
    }

    static void unexport(Remote object) {
        try {
            UnicastRemoteObject.unexportObject(object, true);
        } catch (NoSuchObjectException e) {
            LOG.debug("Already unexported: {}", object);
        }
    }
}

package io.taskgrid.controller;

import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.event.ClientEvent;
import io.taskgrid.controller.events.EventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.NoSuchObjectException;
import java.rmi.Remote;
import java.rmi.server.UnicastRemoteObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exported client and agent sessions; ends them (unexport, announce) exactly once. A client session that
 * renews its lease ({@link io.taskgrid.api.client.ClientSession#renew}) and then falls silent for the lease is
 * ended by {@link #expireSilentClients}, which the controller's housekeeping runs every {@link #sweepPeriod}.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private final EventHub hub;
    private final Clock clock;
    private final Duration clientLease;
    private final Map<String, ClientSessionImpl> clients = new ConcurrentHashMap<>();
    private final Map<String, AgentSessionImpl> agents = new ConcurrentHashMap<>();
    static final int MAX_STALE = 1_000;
    private final java.util.ArrayDeque<AgentSessionImpl> stale = new java.util.ArrayDeque<>();

    /** @param clientLease how long a leased client session may stay silent (the controller's heartbeat timeout) */
    Sessions(EventHub hub, Clock clock, Duration clientLease) {
        this.hub = hub;
        this.clock = clock;
        this.clientLease = clientLease;
    }

    /** The lease a client is told to renew within. */
    Duration clientLease() {
        return clientLease;
    }

    /** How often {@link #expireSilentClients} runs: a tenth of the lease, at least 50 ms. */
    Duration sweepPeriod() {
        return Duration.ofMillis(Math.max(50, clientLease.toMillis() / 10));
    }

    /**
     * Ends every leased client session silent for longer than the lease less one sweep period, so that a client
     * that vanished is gone from {@link #clients} within the lease after the last word heard from it.
     */
    void expireSilentClients() {
        long now = clock.millis();
        long allowed = Math.max(0, clientLease.toMillis() - sweepPeriod().toMillis());
        for (ClientSessionImpl s : List.copyOf(clients.values())) {
            long silent = s.silentFor(now);
            if (silent > allowed) {
                ClientInfo c = s.clientInfo();
                closeClient(c.id(), "Client " + c.id() + " (" + c.user() + "@" + c.host() + ", " + c.kind().name().toLowerCase(Locale.ROOT)
                        + ") was not heard from for " + silent + " ms (its lease: " + clientLease.toMillis()
                        + " ms): it ended or was cut off without closing; its session ended.");
            }
        }
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

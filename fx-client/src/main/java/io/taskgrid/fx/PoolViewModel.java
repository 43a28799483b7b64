package io.taskgrid.fx;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.ClientEvent;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The pool at a glance: connected agents and clients, loaded on connect and kept live by events; each agent's load
 * over the last minutes ({@link LoadSamples}, one sample per heartbeat), and the agents the controller declared lost,
 * kept listed and marked for {@link #LOST_KEPT} (at most {@link #MAX_LOST} of them).
 */
final class PoolViewModel {
    /** How long an agent declared lost stays listed, marked, after it was lost. */
    static final Duration LOST_KEPT = Duration.ofMinutes(10);
    static final int MAX_LOST = 20;
    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final Clock clock;
    private final Map<String, LoadSamples> loads = new HashMap<>();
    /** Agents declared lost, oldest first, and when. */
    private final Map<String, Instant> lost = new LinkedHashMap<>();
    private final ObservableList<AgentInfo> agents = FXCollections.observableArrayList();
    private final ObservableList<ClientInfo> clients = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper();

    PoolViewModel(Supplier<ControllerGateway> gateway, Background background) {
        this(gateway, background, Clock.systemDefaultZone());
    }

    /** @param clock when samples of the agents' load are taken (the window's time, as the charts are drawn) */
    PoolViewModel(Supplier<ControllerGateway> gateway, Background background, Clock clock) {
        this.gateway = gateway;
        this.background = background;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /** The agent's recent load, oldest sample first; null when nothing was heard of it. */
    LoadSamples load(String agentId) {
        return loads.get(agentId);
    }

    /** When the controller declared this agent lost, or null while it is not. */
    Instant lostSince(String agentId) {
        return lost.get(agentId);
    }

    ObservableList<AgentInfo> agents() {
        return agents;
    }

    ObservableList<ClientInfo> clients() {
        return clients;
    }

    ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True while the controller is away: the agents shown are as last known, their figures unknown. */
    ReadOnlyBooleanProperty staleProperty() {
        return stale.getReadOnlyProperty();
    }

    /** The controller went away: what is shown is no longer known. */
    void stale() {
        stale.set(true);
        updateSummary();
    }

    void reload() {
        background.run(() -> {
            ControllerGateway g = gateway.get();
            return new Snapshot(g.agents(), g.clients());
        }, snapshot -> {
            error.set("");
            stale.set(false);
            long now = clock.millis();
            List<AgentInfo> connected = snapshot.agents().stream().filter(AgentInfo::connected).toList();
            Set<String> ids = connected.stream().map(AgentInfo::id).collect(Collectors.toSet());
            lost.keySet().removeAll(ids);
            expireLost();
            connected.forEach(a -> sample(a, now));
            // The lost ones are no longer listed by the controller: kept from before, marked.
            List<AgentInfo> stillLost = agents.stream().filter(a -> lost.containsKey(a.id())).toList();
            loads.keySet().retainAll(java.util.stream.Stream.concat(ids.stream(), lost.keySet().stream())
                    .collect(Collectors.toSet()));
            agents.setAll(java.util.stream.Stream.concat(connected.stream(), stillLost.stream())
                    .sorted(Comparator.comparing(AgentInfo::id)).toList());
            clients.setAll(snapshot.clients().stream().sorted(Comparator.comparing(ClientInfo::connectedAt)).toList());
            updateSummary();
        }, error::set);
    }

    /** Drains an agent (administrators): it takes no new task; the controller's refusal is shown as its sentence. */
    void drain(String agentId, String reason) {
        background.run(() -> gateway.get().drain(agentId, reason), this::changed, error::set);
    }

    /** Lets a drained agent take tasks again. */
    void resume(String agentId) {
        background.run(() -> gateway.get().resume(agentId), this::changed, error::set);
    }

    private void changed(AgentInfo agent) {
        error.set("");
        int index = indexOfAgent(agent.id());
        if (index >= 0) {
            agents.set(index, agent);
            updateSummary();
        }
    }

    private record Snapshot(List<AgentInfo> agents, List<ClientInfo> clients) {
    }

    void apply(AgentEvent event) {
        AgentInfo agent = event.agent();
        int index = indexOfAgent(agent.id());
        expireLost();
        if (event.kind() == AgentEvent.Kind.LOST) {
            // Marked, not hidden: someone looking for it sees when it went away.
            lost.put(agent.id(), event.at() == null ? clock.instant() : event.at());
            while (lost.size() > MAX_LOST) {
                forget(lost.keySet().iterator().next());
            }
            if (lost.containsKey(agent.id())) {
                put(index, agent);
            }
            updateSummary();
            return;
        }
        boolean gone = event.kind() == AgentEvent.Kind.LEFT || !agent.connected();
        lost.remove(agent.id());
        if (gone) {
            if (index >= 0) {
                agents.remove(index);
            }
            loads.remove(agent.id());
        } else {
            sample(agent, clock.millis());
            put(index, agent);
        }
        updateSummary();
    }

    private void put(int index, AgentInfo agent) {
        if (index >= 0) {
            agents.set(index, agent);
        } else {
            int at = 0;
            while (at < agents.size() && agents.get(at).id().compareTo(agent.id()) < 0) {
                at++;
            }
            agents.add(at, agent);
        }
    }

    private void sample(AgentInfo agent, long atMillis) {
        loads.computeIfAbsent(agent.id(), id -> new LoadSamples()).add(atMillis, agent.cpuLoad(), agent.running());
    }

    private void expireLost() {
        Instant oldest = clock.instant().minus(LOST_KEPT);
        List.copyOf(lost.entrySet()).stream().filter(e -> e.getValue().isBefore(oldest))
                .forEach(e -> forget(e.getKey()));
    }

    private void forget(String agentId) {
        lost.remove(agentId);
        loads.remove(agentId);
        int index = indexOfAgent(agentId);
        if (index >= 0) {
            agents.remove(index);
        }
    }

    void apply(ClientEvent event) {
        ClientInfo client = event.client();
        clients.removeIf(c -> c.id().equals(client.id()));
        if (event.kind() == ClientEvent.Kind.CONNECTED) {
            clients.add(client);
        }
        updateSummary();
    }

    void clear() {
        stale.set(false);
        lost.clear();
        loads.clear();
        agents.clear();
        clients.clear();
        updateSummary();
    }

    private int indexOfAgent(String id) {
        for (int i = 0; i < agents.size(); i++) {
            if (agents.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void updateSummary() {
        if (stale.get()) {
            summary.set("unknown while the controller is away; shown as last known");
            return;
        }
        List<AgentInfo> live = agents.stream().filter(a -> !lost.containsKey(a.id())).toList();
        int cpus = live.stream().mapToInt(AgentInfo::slots).sum();
        int held = live.stream().mapToInt(AgentInfo::cpusInUse).sum();
        int running = live.stream().mapToInt(AgentInfo::running).sum();
        summary.set(live.size() + (live.size() == 1 ? " agent, " : " agents, ") + held + " of " + cpus
                + (cpus == 1 ? " CPU" : " CPUs") + " held" + (running == 0 ? "" : " by " + running + (running == 1 ? " task" : " tasks"))
                + (lost.isEmpty() ? "" : " · " + lost.size() + " lost") + " · " + clients.size()
                + (clients.size() == 1 ? " client" : " clients"));
    }
}

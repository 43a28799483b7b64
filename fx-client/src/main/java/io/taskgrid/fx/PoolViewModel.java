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

import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/** The pool at a glance: connected agents and clients, loaded on connect and kept live by events. */
final class PoolViewModel {
    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final ObservableList<AgentInfo> agents = FXCollections.observableArrayList();
    private final ObservableList<ClientInfo> clients = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper stale = new ReadOnlyBooleanWrapper();

    PoolViewModel(Supplier<ControllerGateway> gateway, Background background) {
        this.gateway = gateway;
        this.background = background;
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
            agents.setAll(snapshot.agents().stream().filter(AgentInfo::connected)
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
        boolean gone = event.kind() == AgentEvent.Kind.LEFT || event.kind() == AgentEvent.Kind.LOST || !agent.connected();
        if (gone) {
            if (index >= 0) {
                agents.remove(index);
            }
        } else if (index >= 0) {
            agents.set(index, agent);
        } else {
            int at = 0;
            while (at < agents.size() && agents.get(at).id().compareTo(agent.id()) < 0) {
                at++;
            }
            agents.add(at, agent);
        }
        updateSummary();
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
        int slots = agents.stream().mapToInt(AgentInfo::slots).sum();
        int running = agents.stream().mapToInt(AgentInfo::running).sum();
        summary.set(agents.size() + (agents.size() == 1 ? " agent, " : " agents, ") + running + " of " + slots
                + " slots busy · " + clients.size() + (clients.size() == 1 ? " client" : " clients"));
    }
}

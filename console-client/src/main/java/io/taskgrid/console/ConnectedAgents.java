package io.taskgrid.console;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.client.session.ControllerGateway;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The connected agents, for completing agent ids ({@code drain}, {@code resume}) and labels ({@code submit --require}):
 * a {@link CompletionRead}, so Tab never hangs. Listing agents is for administrators; for anyone else there is nothing to
 * complete from, silently.
 */
final class ConnectedAgents implements AutoCloseable {
    private final CompletionRead<List<AgentInfo>> agents;

    /** @param patience how long a key press waits for a fresh read */
    ConnectedAgents(Supplier<ControllerGateway> gateway, Clock clock, Duration patience) {
        this.agents = new CompletionRead<>("the agents", gateway, ControllerGateway::agents, List.of(), clock, patience);
    }

    /** The agents as the controller lists them, in the order they joined. */
    List<AgentInfo> agents() {
        return agents.get();
    }

    /** Every label of a connected agent, in order. */
    Set<String> labels() {
        return labelsOf(agents());
    }

    static Set<String> labelsOf(List<AgentInfo> agents) {
        Set<String> labels = new TreeSet<>();
        agents.forEach(a -> labels.addAll(a.labels()));
        return labels;
    }

    @Override
    public void close() {
        agents.close();
    }
}

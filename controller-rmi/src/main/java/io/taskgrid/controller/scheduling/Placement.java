package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Language;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Picks the agent for a task: among those that run its language and have room (a free slot, or room in its queue
 * ahead), the one holding the fewest tasks relative to its slots; ties go to the lower CPU load, then to fewer
 * tasks held. An agent with a free slot therefore always comes before one whose slots are all taken.
 */
final class Placement {
    static final Comparator<AgentState> LEAST_LOADED = Comparator
            .comparingDouble(AgentState::relativeLoad)
            .thenComparingDouble(a -> a.cpuLoad < 0 ? Double.MAX_VALUE : a.cpuLoad)
            .thenComparingInt(AgentState::held)
            .thenComparing(a -> a.id);

    private Placement() {
    }

    static Optional<AgentState> choose(Collection<AgentState> agents, Language language) {
        AgentState best = null;
        for (AgentState a : agents) {
            if (a.hasRoom() && a.languages.contains(language) && (best == null || LEAST_LOADED.compare(a, best) < 0)) {
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The agents that can take a task now, per language, in {@link Placement#LEAST_LOADED} order, so a placement
 * decision costs O(log agents) instead of a scan of every agent. It answers exactly what {@link Placement#choose}
 * answers over the same agents.
 *
 * <p>An agent is filed under the rank it had when it was last {@linkplain #refresh refreshed}; whoever changes
 * what the rank is made of (its running tasks, slots, CPU load, whether it is usable) calls {@link #refresh}
 * afterwards, and {@link #remove} when the agent goes. Because the rank is a snapshot, the order of the change
 * and the call does not matter for the tree's integrity. Confined to the scheduler thread.
 */
final class AgentIndex {
    /** What an agent is ordered by, frozen at its last refresh; compares like {@link Placement#LEAST_LOADED}. */
    record Rank(double relativeLoad, double cpuLoad, int running, String id) implements Comparable<Rank> {
        static Rank of(AgentState a) {
            return new Rank(a.relativeLoad(), a.cpuLoad < 0 ? Double.MAX_VALUE : a.cpuLoad, a.held(), a.id);
        }

        @Override
        public int compareTo(Rank o) {
            int c = Double.compare(relativeLoad, o.relativeLoad);
            if (c == 0) {
                c = Double.compare(cpuLoad, o.cpuLoad);
            }
            if (c == 0) {
                c = Integer.compare(running, o.running);
            }
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    private final Map<Language, TreeMap<Rank, AgentState>> free = new EnumMap<>(Language.class);
    /** The same agents by label, so that a task requiring a rare label walks only the agents that have it. */
    private final Map<String, TreeMap<Rank, AgentState>> byLabel = new HashMap<>();
    /** Where each indexed agent is filed now; absent when it has no free slot or is not usable. */
    private final Map<AgentState, Rank> filed = new IdentityHashMap<>();

    /** Files the agent under its current rank, or takes it out when it cannot take a task now. */
    void refresh(AgentState a) {
        Rank old = filed.get(a);
        boolean eligible = a.hasRoom();
        if (old != null && eligible && sameRank(old, a)) {
            return;
        }
        unfile(a, old);
        if (eligible) {
            Rank rank = Rank.of(a);
            filed.put(a, rank);
            for (Language l : a.languages) {
                free.computeIfAbsent(l, k -> new TreeMap<>()).put(rank, a);
            }
            for (String label : a.labels) {
                byLabel.computeIfAbsent(label, k -> new TreeMap<>()).put(rank, a);
            }
        }
    }

    /** Forgets an agent that left, was lost or was replaced. */
    void remove(AgentState a) {
        unfile(a, filed.get(a));
    }

    /** The least loaded agent that runs {@code language} and has a free slot, as {@link Placement#choose} picks it. */
    Optional<AgentState> best(Language language) {
        TreeMap<Rank, AgentState> agents = free.get(language);
        if (agents == null || agents.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(agents.firstEntry().getValue());
    }

    /**
     * The least loaded agent that runs {@code language}, has room and passes {@code test}; walks the agents in
     * order, so it costs more than {@link #best} when many fail the test.
     */
    Optional<AgentState> first(Language language, Predicate<AgentState> test) {
        TreeMap<Rank, AgentState> agents = free.get(language);
        if (agents != null) {
            for (AgentState a : agents.values()) {
                if (test.test(a)) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The least loaded agent that runs {@code language}, has room, meets {@code requirements} and passes {@code test}.
     * With a required label it walks, in order, the agents of the rarest required label only; else those of the
     * language.
     */
    Optional<AgentState> first(Language language, Requirements requirements, Predicate<AgentState> test) {
        TreeMap<Rank, AgentState> walk = free.get(language);
        for (String label : requirements.required()) {
            TreeMap<Rank, AgentState> having = byLabel.get(label);
            if (having == null) {
                return Optional.empty();
            }
            if (walk == null || having.size() < walk.size()) {
                walk = having;
            }
        }
        if (walk != null) {
            for (AgentState a : walk.values()) {
                if (a.languages.contains(language) && requirements.matches(a.labels) && test.test(a)) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether no agent can take a task now (none usable has room). */
    boolean isEmpty() {
        return filed.isEmpty();
    }

    /** Agents filed now (for tests). */
    int size() {
        return filed.size();
    }

    private void unfile(AgentState a, Rank old) {
        if (old == null) {
            return;
        }
        filed.remove(a);
        for (Language l : a.languages) {
            TreeMap<Rank, AgentState> agents = free.get(l);
            if (agents != null) {
                agents.remove(old);
            }
        }
        for (String label : a.labels) {
            TreeMap<Rank, AgentState> agents = byLabel.get(label);
            if (agents != null) {
                agents.remove(old);
                if (agents.isEmpty()) {
                    byLabel.remove(label); // labels come and go with agents: none is kept for ever
                }
            }
        }
    }

    private static boolean sameRank(Rank r, AgentState a) {
        double cpu = a.cpuLoad < 0 ? Double.MAX_VALUE : a.cpuLoad;
        return r.running == a.held() && Double.compare(r.relativeLoad, a.relativeLoad()) == 0
                && Double.compare(r.cpuLoad, cpu) == 0;
    }
}

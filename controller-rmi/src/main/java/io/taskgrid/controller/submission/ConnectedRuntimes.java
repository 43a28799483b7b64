package io.taskgrid.controller.submission;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.Resources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The languages and labels the connected agents offer, as a snapshot.
 *
 * @param agents    how many agents are connected
 * @param languages what they run together
 * @param offers    what each of them runs and what labels it has
 */
public record ConnectedRuntimes(int agents, Set<Language> languages, List<Offer> offers) {
    public static final ConnectedRuntimes NONE = new ConnectedRuntimes(0, Set.of());
    /** How many labels, and agents per label, a sentence names before it says "and N more". */
    private static final int NAMED = 8;

    /**
     * One connected agent's offer.
     *
     * @param agent     its id
     * @param languages what it runs
     * @param labels    its labels
     * @param cpus      the CPUs it offers
     * @param memoryBytes the memory it offers to tasks that ask for some; 0 when it does not say
     */
    public record Offer(String agent, Set<Language> languages, Set<String> labels, int cpus, long memoryBytes) {
        public Offer {
            languages = languages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(languages));
            labels = Set.copyOf(labels);
        }

        /** An offer that says nothing of its size: any request fits. */
        public Offer(String agent, Set<Language> languages, Set<String> labels) {
            this(agent, languages, labels, Resources.MAX_CPUS, Resources.MAX_MEMORY);
        }

        /** Whether a task asking for {@code resources} fits on this agent when nothing else runs there. */
        public boolean fits(Resources resources) {
            return resources.cpus() <= cpus && resources.memoryBytes() <= memoryBytes;
        }
    }

    public ConnectedRuntimes {
        languages = languages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(languages));
        offers = List.copyOf(offers);
    }

    /** Without what each agent offers: every requirement of labels is taken as met. */
    public ConnectedRuntimes(int agents, Set<Language> languages) {
        this(agents, languages, List.of());
    }

    /** The snapshot of these agents. */
    public static ConnectedRuntimes of(Collection<Offer> offers) {
        EnumSet<Language> all = EnumSet.noneOf(Language.class);
        offers.forEach(o -> all.addAll(o.languages()));
        return new ConnectedRuntimes(offers.size(), all, List.copyOf(offers));
    }

    /** "bash, java, python, sh": sorted display names. */
    public String describe() {
        return languages.stream().map(Language::displayName).sorted(Comparator.naturalOrder()).collect(Collectors.joining(", "));
    }

    /** The sentence for a language no connected agent runs. */
    public String noAgentRuns(Language language) {
        return "No connected agent runs " + language.displayName() + " programs; connected agents run: " + describe() + ".";
    }

    /** Whether a connected agent runs {@code language} and meets {@code requirements}. */
    public boolean canRun(Language language, Requirements requirements) {
        if (!languages.contains(language)) {
            return false;
        }
        if (requirements.isEmpty() || offers.isEmpty()) {
            return true;
        }
        for (Offer o : offers) {
            if (o.languages().contains(language) && requirements.matches(o.labels())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a connected agent runs {@code language}, meets {@code requirements} and is large enough for {@code resources}. */
    public boolean canRun(Language language, Requirements requirements, Resources resources) {
        if (!canRun(language, requirements)) {
            return false;
        }
        if (!resources.beyondDefault() || offers.isEmpty()) {
            return true;
        }
        return offers.stream().anyMatch(o -> o.languages().contains(language) && requirements.matches(o.labels()) && o.fits(resources));
    }

    /**
     * Why a task that asks for {@code resources} is refused although agents run its language and meet its requirements:
     * none is that large. Names the largest ones and the fix.
     */
    public String noAgentLargeEnough(Language language, Requirements requirements, Resources resources) {
        List<Offer> able = offers.stream().filter(o -> o.languages().contains(language) && requirements.matches(o.labels())).toList();
        String which = "agent" + (requirements.isEmpty() ? "" : " " + requirements.describe()) + " that runs " + language.displayName();
        Offer mostCpus = able.stream().max(Comparator.comparingInt(Offer::cpus).thenComparing(Offer::agent, Comparator.reverseOrder())).orElseThrow();
        if (resources.cpus() > mostCpus.cpus()) {
            return "No connected " + which + " has " + resources.cpus() + " CPUs; the most one has is " + mostCpus.cpus()
                    + " (" + mostCpus.agent() + "). Ask for --cpus " + mostCpus.cpus() + " or fewer, or submit with"
                    + " --wait-for-agent to keep it queued until a larger agent joins.";
        }
        Offer mostMemory = able.stream().filter(o -> o.cpus() >= resources.cpus())
                .max(Comparator.comparingLong(Offer::memoryBytes).thenComparing(Offer::agent, Comparator.reverseOrder())).orElseThrow();
        String has = mostMemory.memoryBytes() == 0 ? "none says how much memory it has"
                : "the most one with " + resources.cpus() + (resources.cpus() == 1 ? " CPU" : " CPUs") + " offers is "
                + Resources.formatMemory(mostMemory.memoryBytes()) + " (" + mostMemory.agent() + ")";
        return "No connected " + which + " offers " + Resources.formatMemory(resources.memoryBytes()) + " of memory; " + has
                + ". Ask for less with --memory, or submit with --wait-for-agent to keep it queued until a larger agent joins.";
    }

    /** Why a task of {@code language} with {@code requirements} is refused: no connected agent can run it. */
    public String noAgentMeets(Language language, Requirements requirements) {
        if (!languages.contains(language)) {
            return noAgentRuns(language);
        }
        Map<String, List<String>> byAgent = new TreeMap<>();
        offers.forEach(o -> byAgent.put(o.agent(), List.copyOf(o.labels())));
        String labels = labelsOf(byAgent);
        return "No connected agent " + requirements.describe() + " runs " + language.displayName() + ". "
                + (labels.isEmpty() ? "None of the connected agents has a label." : "Labels of the connected agents: " + labels + ".")
                + " Submit with --wait-for-agent to keep it queued until such an agent joins.";
    }

    /**
     * "big-mem (node1), fast-disk (node2, node3)": each label with the agents that have it, labels and agents sorted;
     * "" when no agent has one.
     */
    public static String labelsOf(Map<String, ? extends Collection<String>> labelsByAgent) {
        Map<String, List<String>> agentsByLabel = new TreeMap<>();
        labelsByAgent.forEach((agent, labels) -> labels.forEach(l -> agentsByLabel.computeIfAbsent(l, k -> new ArrayList<>()).add(agent)));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : agentsByLabel.entrySet()) {
            if (parts.size() == NAMED) {
                parts.add("and " + (agentsByLabel.size() - NAMED) + " more");
                break;
            }
            List<String> agents = e.getValue().stream().sorted().toList();
            String named = String.join(", ", agents.subList(0, Math.min(NAMED, agents.size())))
                    + (agents.size() > NAMED ? " and " + (agents.size() - NAMED) + " more" : "");
            parts.add(e.getKey() + " (" + named + ")");
        }
        return String.join(", ", parts);
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.Resources;
import io.taskgrid.controller.submission.ConnectedRuntimes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The one sentence that says why a queued task waits, from the scheduler's state. */
final class WaitReasons {
    private WaitReasons() {
    }

    /** For a task without requirements. */
    static String explain(Language language, Collection<AgentState> agents, int running, int maxProcesses, int ahead) {
        return explain(new QueueKey(language, Requirements.NONE, null), agents, running, maxProcesses, ahead);
    }

    /**
     * @param key   the task's queue: its language and the labels it requires
     * @param ahead tasks of the same queue queued before it
     */
    static String explain(QueueKey key, Collection<AgentState> agents, int running, int maxProcesses, int ahead) {
        return explain(key, agents, running, maxProcesses, ahead, null);
    }

    /** @param kept the agent kept for the task until it has room for it ({@link Pool#reserve}), or {@code null} */
    static String explain(QueueKey key, Collection<AgentState> agents, int running, int maxProcesses, int ahead, AgentState kept) {
        return explain(key, agents, running, maxProcesses, ahead, false, kept);
    }

    /**
     * @param ahead     tasks of the same queue queued before it; with {@code moreAhead}, at least that many (counting
     *                  stopped there, see {@link QueuedReasons})
     * @param kept      the agent kept for the task until it has room for it ({@link Pool#reserve}), or {@code null}
     */
    static String explain(QueueKey key, Collection<AgentState> agents, int running, int maxProcesses, int ahead,
                          boolean moreAhead, AgentState kept) {
        Language language = key.language();
        Requirements requirements = key.requirements();
        if (agents.isEmpty()) {
            return "No agent is connected; it runs as soon as one " + (requirements.isEmpty() ? "" : requirements.describe() + " ")
                    + "joins.";
        }
        EnumSet<Language> all = EnumSet.noneOf(Language.class);
        int slots = 0;
        boolean anyUnusable = false;
        List<AgentState> drained = new ArrayList<>();
        int runIt = 0;
        for (AgentState a : agents) {
            all.addAll(a.languages);
            if (a.languages.contains(language) && requirements.matches(a.labels)) {
                runIt++;
                if (a.drainReason != null) {
                    drained.add(a);
                    continue;
                }
                slots += a.slots;
                anyUnusable |= !a.usable;
            }
        }
        if (!all.contains(language)) {
            return new ConnectedRuntimes(agents.size(), all).noAgentRuns(language);
        }
        // "the agents that run Python", or with requirements "the agents with the label gpu that run Python"
        String which = requirements.isEmpty() ? "" : requirements.describe() + " ";
        if (runIt == 0) {
            Map<String, List<String>> labels = new TreeMap<>();
            agents.forEach(a -> labels.put(a.id, List.copyOf(a.labels)));
            String now = ConnectedRuntimes.labelsOf(labels);
            return "Waiting for an agent " + which + "that runs " + language.displayName() + ": none is connected ("
                    + (now.isEmpty() ? "no connected agent has a label" : "labels now: " + now) + ").";
        }
        if (drained.size() == runIt) {
            return drainedSentence(language, requirements, drained);
        }
        String aheadText = moreAhead ? "at least " + ahead + " tasks are ahead of it." : ahead == 0 ? "it is next in line." : ahead == 1 ? "1 task is ahead of it." : ahead + " tasks are ahead of it.";
        if (running >= maxProcesses) {
            return "The process limit is reached: " + running + " of " + maxProcesses + " processes are running; " + aheadText;
        }
        Resources wanted = key.resources();
        if (wanted.beyondDefault()) {
            if (running + wanted.cpus() > maxProcesses) {
                return "Needs " + cpus(wanted.cpus()) + " within the process limit; " + running + " of " + maxProcesses
                        + " are running; " + aheadText;
            }
            String room = roomSentence(key, agents, wanted, kept);
            if (room != null) {
                return room + " " + capitalized(aheadText);
            }
        }
        if (anyUnusable) {
            return "The agents " + which + "that run " + language.displayName() + " refused or missed the last task; it is sent again at their next heartbeat; "
                    + aheadText;
        }
        return "All " + slots + " slots of the agents " + which + "that run " + language.displayName() + " are busy; " + aheadText;
    }

    /**
     * "Needs 4 CPUs; the largest free block is 2 CPUs (node1). node3 is kept for it: no new task goes there until it has
     * room." — or {@code null} when an agent has room for it (it waits for another reason).
     */
    private static String roomSentence(QueueKey key, Collection<AgentState> agents, Resources wanted, AgentState kept) {
        AgentState largest = null;
        for (AgentState a : agents) {
            if (a.drainReason != null || !a.languages.contains(key.language()) || !key.requirements().matches(a.labels)) {
                continue;
            }
            if (a.fitsNow(wanted) && a.usable && (a.reservedFor == null || a == kept)) {
                return null;
            }
            if (largest == null || a.slots - a.cpusInUse() > largest.slots - largest.cpusInUse()) {
                largest = a;
            }
        }
        if (largest == null) {
            return null;
        }
        String needs = "Needs " + cpus(wanted.cpus()) + (wanted.hasMemory() ? " and " + Resources.formatMemory(wanted.memoryBytes())
                + " of memory" : "");
        int free = largest.slots - largest.cpusInUse();
        String block = free >= wanted.cpus() && wanted.hasMemory()
                ? "the agents with " + cpus(wanted.cpus()) + " free lack the memory (" + largest.id + " has "
                + Resources.formatMemory(Math.max(0, largest.memoryBytes - largest.memoryInUse)) + " free)"
                : "the largest free block is " + cpus(free) + " (" + largest.id + ")";
        String keptText = kept == null ? "" : " " + kept.id + " is kept for it: no new task goes there until it has room.";
        return needs + "; " + block + "." + keptText;
    }

    private static String cpus(int n) {
        return n + (n == 1 ? " CPU" : " CPUs");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String drainedSentence(Language language, Requirements requirements, List<AgentState> drained) {
        int n = drained.size();
        String which = drained.stream().limit(3).map(a -> a.id + (a.drainReason.isEmpty() ? "" : ": " + a.drainReason))
                .collect(Collectors.joining("; "));
        if (requirements.isEmpty()) {
            return (n == 1 ? "The only agent that runs " + language.displayName() + " is drained (" + which + ")"
                    : "Every agent that runs " + language.displayName() + " is drained (" + which
                    + (n > 3 ? "; and " + (n - 3) + " more" : "") + ")")
                    + "; it runs when an administrator resumes one or another agent joins.";
        }
        String needs = "Needs an agent " + requirements.describe() + " that runs " + language.displayName();
        if (n == 1) {
            AgentState a = drained.get(0);
            return needs + "; the only one (" + a.id + ") is drained" + (a.drainReason.isEmpty() ? "" : ": " + a.drainReason)
                    + "; it runs when an administrator resumes it or another such agent joins.";
        }
        return needs + "; every one is drained (" + which + (n > 3 ? "; and " + (n - 3) + " more" : "")
                + "); it runs when an administrator resumes one or another such agent joins.";
    }
}

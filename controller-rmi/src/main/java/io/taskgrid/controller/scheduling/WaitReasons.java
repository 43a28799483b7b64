package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Language;
import io.taskgrid.controller.submission.ConnectedRuntimes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/** The one sentence that says why a queued task waits, from the scheduler's state. */
final class WaitReasons {
    private WaitReasons() {
    }

    /**
     * @param ahead tasks of the same language queued before it
     */
    static String explain(Language language, Collection<AgentState> agents, int running, int maxProcesses, int ahead) {
        if (agents.isEmpty()) {
            return "No agent is connected; it runs as soon as one joins.";
        }
        EnumSet<Language> all = EnumSet.noneOf(Language.class);
        int slots = 0;
        boolean anyUnusable = false;
        List<AgentState> drained = new ArrayList<>();
        int runIt = 0;
        for (AgentState a : agents) {
            all.addAll(a.languages);
            if (a.languages.contains(language)) {
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
        if (drained.size() == runIt) {
            String which = drained.stream().limit(3).map(a -> a.id + (a.drainReason.isEmpty() ? "" : ": " + a.drainReason))
                    .collect(Collectors.joining("; "));
            return (runIt == 1 ? "The only agent that runs " + language.displayName() + " is drained (" + which + ")"
                    : "Every agent that runs " + language.displayName() + " is drained (" + which
                    + (runIt > 3 ? "; and " + (runIt - 3) + " more" : "") + ")")
                    + "; it runs when an administrator resumes one or another agent joins.";
        }
        String aheadText = ahead == 0 ? "it is next in line." : ahead == 1 ? "1 task is ahead of it." : ahead + " tasks are ahead of it.";
        if (running >= maxProcesses) {
            return "The process limit is reached: " + running + " of " + maxProcesses + " processes are running; " + aheadText;
        }
        if (anyUnusable) {
            return "The agents that run " + language.displayName() + " refused or missed the last task; it is sent again at their next heartbeat; "
                    + aheadText;
        }
        return "All " + slots + " slots of the agents that run " + language.displayName() + " are busy; " + aheadText;
    }
}

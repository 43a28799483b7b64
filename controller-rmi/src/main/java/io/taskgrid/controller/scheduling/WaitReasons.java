package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.Language;
import io.taskgrid.controller.submission.ConnectedRuntimes;

import java.util.Collection;
import java.util.EnumSet;

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
        for (AgentState a : agents) {
            all.addAll(a.languages);
            if (a.languages.contains(language)) {
                slots += a.slots;
                anyUnusable |= !a.usable;
            }
        }
        if (!all.contains(language)) {
            return new ConnectedRuntimes(agents.size(), all).noAgentRuns(language);
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

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.Durations;

import java.util.List;

/** The sentence that says a task waits because other users, with less recent use, go first. */
final class FairShareReason {
    /** At most this many other users are named. */
    static final int NAMED = 3;

    /** A user whose tasks of the same priority go before, with their recent use in CPU-seconds. */
    record Ahead(String user, double recentCpuSeconds) {
    }

    private FairShareReason() {
    }

    /**
     * "Fair share: alice has used 40.0 h of CPU recently, bob 2.0 min — bob's tasks of the same priority go first."
     *
     * @param ahead users with less recent use and tasks of the same priority waiting, least use first; not empty
     */
    static String sentence(String owner, double ownerCpuSeconds, List<Ahead> ahead) {
        StringBuilder b = new StringBuilder("Fair share: ").append(owner).append(" has used ")
                .append(Durations.formatCpu(ownerCpuSeconds)).append(" of CPU recently, ");
        List<Ahead> named = ahead.subList(0, Math.min(NAMED, ahead.size()));
        for (int i = 0; i < named.size(); i++) {
            if (i > 0) {
                b.append(i == named.size() - 1 && ahead.size() <= NAMED ? " and " : ", ");
            }
            b.append(named.get(i).user()).append(' ').append(Durations.formatCpu(named.get(i).recentCpuSeconds()));
        }
        if (ahead.size() > NAMED) {
            b.append(" and ").append(ahead.size() - NAMED).append(ahead.size() - NAMED == 1 ? " other" : " others");
        }
        b.append(" — ").append(ahead.size() == 1 ? ahead.get(0).user() + "'s" : "their")
                .append(" tasks of the same priority go first.");
        return b.toString();
    }
}

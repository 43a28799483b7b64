package io.taskgrid.api.client;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Who used the pool recently, as fair share weighs it ({@code taskgrid usage}).
 *
 * @param halfLife  after this long a CPU-second counts half
 * @param fairShare whether the controller puts the least recent user first among tasks of equal priority
 * @param users     every user with recent use or tasks, most recent use first
 */
public record UsageReport(Duration halfLife, boolean fairShare, List<UserUsage> users) implements Serializable {
    public UsageReport {
        users = List.copyOf(users);
    }

    /** How the controller uses these figures, in a sentence or two (under the table of the console and the desktop). */
    public String explanation() {
        String half = io.taskgrid.api.Durations.inWords(halfLife);
        return fairShare
                ? "Older use counts less: half after " + half + ". Among tasks of equal priority, the user with the least"
                + " recent use goes first."
                : "Fair share is off on this controller: tasks of equal priority run in the order they came. (Use is"
                + " still weighed with a half-life of " + half + ".)";
    }
}

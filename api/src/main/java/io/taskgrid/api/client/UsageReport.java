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
}

package io.taskgrid.controller.history;

import java.time.Instant;

/**
 * CPU time one ended task held (one CPU for as long as it ran), as the history keeps it (for fair share after a restart).
 *
 * @param user       who submitted the task
 * @param cpuSeconds its run time, in seconds
 * @param endedAt    when it ended
 */
public record UsedCpu(String user, double cpuSeconds, Instant endedAt) {
}

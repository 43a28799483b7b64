package io.taskgrid.controller.history;

import java.time.Instant;

/**
 * CPU time one ended task used, as the history keeps it (for fair share after a restart).
 *
 * @param user       who submitted the task
 * @param cpuSeconds its CPU time; its run time where the agent measured none
 * @param endedAt    when it ended
 */
public record UsedCpu(String user, double cpuSeconds, Instant endedAt) {
}

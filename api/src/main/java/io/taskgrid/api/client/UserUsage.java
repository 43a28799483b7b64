package io.taskgrid.api.client;

import java.io.Serializable;

/**
 * One user's part of the pool.
 *
 * @param user          the user's name
 * @param recentCpuSeconds CPU-seconds used recently, each weighed by its age (half as much after each half-life)
 * @param share         that use as a part of all users' recent use, from 0 to 1
 * @param running       the user's tasks that run now
 * @param queued        the user's tasks that wait (held ones included)
 */
public record UserUsage(String user, double recentCpuSeconds, double share, int running, int queued) implements Serializable {
}

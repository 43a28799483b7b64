package io.taskgrid.api.agent;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What an agent tells the controller when it (re)connects.
 *
 * @param agentId      the agent's UID, the same across restarts
 * @param host         host name the agent runs on
 * @param slots        how many tasks it runs at once
 * @param runtimes     the runtimes it found
 * @param protocol     {@link io.taskgrid.api.Version#PROTOCOL} of the agent
 * @param runningTasks ids of tasks it is running now (after a reconnect), so the controller can reconcile
 */
public record AgentRegistration(String agentId, String host, int slots, List<RuntimeInfo> runtimes,
                                String protocol, List<Long> runningTasks) implements Serializable {
    public AgentRegistration {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(host, "host");
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        runningTasks = runningTasks == null ? List.of() : List.copyOf(runningTasks);
    }
}

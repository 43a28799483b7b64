package io.taskgrid.api.agent;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * An agent as the controller sees it.
 *
 * @param id              the agent's UID
 * @param host            its host
 * @param slots           tasks it runs at once
 * @param running         tasks the controller has running on it
 * @param cpuLoad         host CPU load between 0 and 1 from the last heartbeat, negative when unknown
 * @param runtimes        runtimes it found
 * @param bytesProcessed  bytes processed, from the last heartbeat
 * @param connectedAt     when it registered
 * @param lastHeartbeatAt when the controller last heard from it
 * @param connected       false once it left or was declared lost
 */
public record AgentInfo(String id, String host, int slots, int running, double cpuLoad, List<RuntimeInfo> runtimes,
                        long bytesProcessed, Instant connectedAt, Instant lastHeartbeatAt, boolean connected)
        implements Serializable {
    public AgentInfo {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
    }
}

package io.taskgrid.api.agent;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Sent by an agent at a fixed rate; its absence is how the controller notices a lost agent.
 *
 * @param cpuLoad        host CPU load between 0 and 1, or a negative value when unknown
 * @param running        tasks running now
 * @param bytesProcessed bytes of input staged and read since the agent started
 * @param tasks          usage of each running task
 * @param sentAt         agent clock at sending
 */
public record AgentHeartbeat(double cpuLoad, int running, long bytesProcessed, List<TaskProgress> tasks,
                             Instant sentAt) implements Serializable {
    public AgentHeartbeat {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }
}

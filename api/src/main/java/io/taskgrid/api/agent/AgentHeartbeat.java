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
 * @param held           every attempt the agent holds now: running, waiting for a slot, or ended with its outcome not
 *                       yet delivered; the controller has the agent stop one it no longer gives it, and takes back one
 *                       it gave it that the agent keeps missing from this list. {@code null}: the sender does not list
 *                       them (then only its registration reconciles)
 */
public record AgentHeartbeat(double cpuLoad, int running, long bytesProcessed, List<TaskProgress> tasks,
                             Instant sentAt, List<HeldAttempt> held) implements Serializable {
    public AgentHeartbeat {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        held = held == null ? null : List.copyOf(held);
    }

    /** A heartbeat that does not list what its agent holds. */
    public AgentHeartbeat(double cpuLoad, int running, long bytesProcessed, List<TaskProgress> tasks, Instant sentAt) {
        this(cpuLoad, running, bytesProcessed, tasks, sentAt, null);
    }

    /** The same heartbeat, listing {@code attempts} as held. */
    public AgentHeartbeat holding(List<HeldAttempt> attempts) {
        return new AgentHeartbeat(cpuLoad, running, bytesProcessed, tasks, sentAt, attempts);
    }
}

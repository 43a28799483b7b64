package io.taskgrid.api.agent;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * An agent as the controller sees it.
 *
 * @param id              the agent's UID
 * @param host            its host
 * @param slots           CPUs it offers (tasks it runs at once when each asks for one)
 * @param running         tasks the controller has running on it
 * @param cpuLoad         host CPU load between 0 and 1 from the last heartbeat, negative when unknown
 * @param runtimes        runtimes it found
 * @param bytesProcessed  bytes processed, from the last heartbeat
 * @param connectedAt     when it registered
 * @param lastHeartbeatAt when the controller last heard from it
 * @param connected       false once it left or was declared lost
 * @param drainReason     why an administrator drained it (it takes no new task; what runs there finishes), or
 *                        {@code null} when it takes tasks
 * @param labels          its labels ({@code taskgrid agent --label}), sorted
 * @param cpusInUse       CPUs the tasks running there asked for
 * @param memoryBytes     memory it offers to tasks that ask for some; 0 when it did not say
 * @param memoryInUse     memory the tasks running there asked for
 */
public record AgentInfo(String id, String host, int slots, int running, double cpuLoad, List<RuntimeInfo> runtimes,
                        long bytesProcessed, Instant connectedAt, Instant lastHeartbeatAt, boolean connected,
                        String drainReason, List<String> labels, int cpusInUse, long memoryBytes, long memoryInUse)
        implements Serializable {
    public AgentInfo {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** An agent whose tasks ask for one CPU each and no memory. */
    public AgentInfo(String id, String host, int slots, int running, double cpuLoad, List<RuntimeInfo> runtimes,
                     long bytesProcessed, Instant connectedAt, Instant lastHeartbeatAt, boolean connected,
                     String drainReason, List<String> labels) {
        this(id, host, slots, running, cpuLoad, runtimes, bytesProcessed, connectedAt, lastHeartbeatAt, connected,
                drainReason, labels, running, 0, 0);
    }

    /** CPUs no running task asked for. */
    public int cpusFree() {
        return Math.max(0, slots - cpusInUse);
    }

    /** An agent without labels. */
    public AgentInfo(String id, String host, int slots, int running, double cpuLoad, List<RuntimeInfo> runtimes,
                     long bytesProcessed, Instant connectedAt, Instant lastHeartbeatAt, boolean connected,
                     String drainReason) {
        this(id, host, slots, running, cpuLoad, runtimes, bytesProcessed, connectedAt, lastHeartbeatAt, connected,
                drainReason, List.of());
    }

    /** An agent that takes tasks (not drained). */
    public AgentInfo(String id, String host, int slots, int running, double cpuLoad, List<RuntimeInfo> runtimes,
                     long bytesProcessed, Instant connectedAt, Instant lastHeartbeatAt, boolean connected) {
        this(id, host, slots, running, cpuLoad, runtimes, bytesProcessed, connectedAt, lastHeartbeatAt, connected, null);
    }

    /** Whether it takes no new task (an administrator drained it). */
    public boolean draining() {
        return drainReason != null;
    }

    /** Drained and nothing runs there any more: it can be stopped for maintenance without losing work. */
    public boolean drained() {
        return drainReason != null && running == 0;
    }

    /** In words: "takes tasks", "draining (2 running): maintenance", "drained: maintenance". */
    public String availability() {
        if (drainReason == null) {
            return "takes tasks";
        }
        String why = drainReason.isEmpty() ? "" : ": " + drainReason;
        return (running == 0 ? "drained" : "draining (" + running + " running)") + why;
    }
}

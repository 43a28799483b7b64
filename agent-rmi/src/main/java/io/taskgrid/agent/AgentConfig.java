package io.taskgrid.agent;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.task.Labels;
import io.taskgrid.api.task.Resources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an agent runs.
 *
 * @param controllerHost    host of the controller's registry
 * @param controllerPort    port of the controller's registry; 0 means {@link ControllerService#DEFAULT_PORT}
 * @param slots             the CPUs it offers, at least 1: tasks run at once as long as the CPUs they ask for fit
 * @param sharedRoot        the shared folder (must exist)
 * @param workDir           this agent's own folder: holds the agent-id file and the task work folders; created if missing
 * @param agentId           the agent's id, or {@code null} for the UID stored in {@code <workDir>/agent-id}
 *                          (created once, the same across restarts)
 * @param port              port on which the agent's service is exported; 0 = any free port
 * @param heartbeatInterval time between heartbeats; {@code null} means 1 s
 * @param maxOutputBytes    bytes of stdout (and of stderr) kept on disk per task; 0 or less means 64 MB
 * @param queueAhead        tasks it holds beyond its slots, started as soon as a slot frees, so that a slot does not
 *                          wait for a round trip to the controller between two tasks; negative means as many as slots,
 *                          0 takes only what it can start at once (best for long tasks: none waits behind another)
 * @param runAs             the unprivileged account programs run as ({@code --run-as}), or {@code null} for the
 *                          agent's own; needs an agent that runs as root
 * @param labels            what this agent offers to tasks that require it ({@code --label gpu}), checked, sorted
 * @param memoryBytes       the memory it offers to tasks that ask for some ({@code --memory}); 0 says nothing (it then
 *                          takes no task that asks for memory); negative means the host's total ({@link HostMemory})
 */
public record AgentConfig(String controllerHost, int controllerPort, int slots, Path sharedRoot, Path workDir,
                          String agentId, int port, Duration heartbeatInterval, long maxOutputBytes, int queueAhead,
                          String runAs, List<String> labels, long memoryBytes) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_SLOTS = 2;

    public AgentConfig {
        Objects.requireNonNull(controllerHost, "controllerHost");
        Objects.requireNonNull(sharedRoot, "sharedRoot");
        Objects.requireNonNull(workDir, "workDir");
        if (controllerHost.isBlank()) {
            throw new IllegalArgumentException("The controller's host is empty; give it as --controller HOST[:PORT].");
        }
        if (controllerPort == 0) {
            controllerPort = ControllerService.DEFAULT_PORT;
        }
        if (controllerPort < 0 || controllerPort > 65535) {
            throw new IllegalArgumentException("The controller port " + controllerPort + " is not a port; give a number from 1 to 65535.");
        }
        if (slots < 1) {
            throw new IllegalArgumentException("An agent needs at least 1 slot, not " + slots + "; give --slots 1 or more.");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The agent port " + port + " is not a port; give 0 (any) or a number up to 65535.");
        }
        if (agentId != null && (agentId.isBlank() || !agentId.matches("[A-Za-z0-9._:@-]{1,100}"))) {
            throw new IllegalArgumentException("The agent id '" + agentId + "' is not usable; use up to 100 letters, digits, '.', '_', ':', '@' or '-'.");
        }
        heartbeatInterval = heartbeatInterval == null ? DEFAULT_HEARTBEAT : heartbeatInterval;
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("The heartbeat interval must be positive, not " + heartbeatInterval + ".");
        }
        maxOutputBytes = maxOutputBytes <= 0 ? DEFAULT_MAX_OUTPUT_BYTES : maxOutputBytes;
        queueAhead = queueAhead < 0 ? slots : queueAhead;
        labels = Labels.ofAgent(labels == null ? List.of() : labels);
        memoryBytes = memoryBytes < 0 ? HostMemory.totalBytes() : memoryBytes;
        if (memoryBytes > 0 && memoryBytes < Resources.MIN_MEMORY) {
            throw new IllegalArgumentException("An agent offers at least 1M of memory, not " + memoryBytes
                    + " bytes; give --memory such as 8G, or leave it out to offer the host's.");
        }
        if (queueAhead > AgentRegistration.maxQueueAhead(slots)) {
            throw new IllegalArgumentException("An agent with " + slots + " slots holds at most "
                    + AgentRegistration.maxQueueAhead(slots) + " tasks ahead, not " + queueAhead
                    + "; give a smaller --queue-ahead.");
        }
    }

    /** Offering the host's memory. */
    public AgentConfig(String controllerHost, int controllerPort, int slots, Path sharedRoot, Path workDir,
                       String agentId, int port, Duration heartbeatInterval, long maxOutputBytes, int queueAhead,
                       String runAs, List<String> labels) {
        this(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval, maxOutputBytes,
                queueAhead, runAs, labels, -1);
    }

    /** Without labels. */
    public AgentConfig(String controllerHost, int controllerPort, int slots, Path sharedRoot, Path workDir,
                       String agentId, int port, Duration heartbeatInterval, long maxOutputBytes, int queueAhead,
                       String runAs) {
        this(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval, maxOutputBytes,
                queueAhead, runAs, List.of());
    }

    /** Programs run as the agent's own account. */
    public AgentConfig(String controllerHost, int controllerPort, int slots, Path sharedRoot, Path workDir,
                       String agentId, int port, Duration heartbeatInterval, long maxOutputBytes, int queueAhead) {
        this(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval, maxOutputBytes,
                queueAhead, null);
    }

    /** With the default queue ahead: as many tasks as slots. */
    public AgentConfig(String controllerHost, int controllerPort, int slots, Path sharedRoot, Path workDir,
                       String agentId, int port, Duration heartbeatInterval, long maxOutputBytes) {
        this(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval, maxOutputBytes, -1);
    }

    /** 2 slots, a generated (persisted) id, any port, 1 s heartbeats, 64 MB of output per stream. */
    public static AgentConfig defaults(String controllerHost, int controllerPort, Path sharedRoot, Path workDir) {
        return new AgentConfig(controllerHost, controllerPort, DEFAULT_SLOTS, sharedRoot, workDir, null, 0,
                DEFAULT_HEARTBEAT, DEFAULT_MAX_OUTPUT_BYTES);
    }

    public AgentConfig withSlots(int slots) {
        return new AgentConfig(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval, maxOutputBytes, queueAhead, runAs, labels, memoryBytes);
    }

    public AgentConfig withAgentId(String agentId) {
        return new AgentConfig(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval, maxOutputBytes, queueAhead, runAs, labels, memoryBytes);
    }

    public AgentConfig withHeartbeatInterval(Duration interval) {
        return new AgentConfig(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, interval, maxOutputBytes, queueAhead, runAs, labels, memoryBytes);
    }

    public AgentConfig withMaxOutputBytes(long bytes) {
        return new AgentConfig(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval, bytes, queueAhead, runAs, labels, memoryBytes);
    }

    public AgentConfig withQueueAhead(int tasks) {
        return new AgentConfig(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval,
                maxOutputBytes, tasks, runAs, labels, memoryBytes);
    }

    public AgentConfig withRunAs(String account) {
        return new AgentConfig(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval,
                maxOutputBytes, queueAhead, account, labels, memoryBytes);
    }

    /** @throws IllegalArgumentException with a sentence naming the fix, for a bad label or too many */
    public AgentConfig withLabels(List<String> offered) {
        return new AgentConfig(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval,
                maxOutputBytes, queueAhead, runAs, offered, memoryBytes);
    }

    /** The same config offering {@code bytes} of memory (0: says nothing). */
    public AgentConfig withMemoryBytes(long bytes) {
        return new AgentConfig(controllerHost, controllerPort, slots, sharedRoot, workDir, agentId, port, heartbeatInterval,
                maxOutputBytes, queueAhead, runAs, labels, bytes);
    }

    /** "host:port", for messages. */
    public String controllerAddress() {
        return controllerHost + ":" + controllerPort;
    }
}

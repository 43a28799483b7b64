package io.taskgrid.api.agent;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What an agent tells the controller when it (re)connects.
 *
 * @param agentId      the agent's UID, the same across restarts
 * @param host         host name the agent runs on
 * @param slots        how many CPUs it offers: tasks run there at once as long as the CPUs they ask for fit
 * @param runtimes     the runtimes it found
 * @param protocol     {@link io.taskgrid.api.Version#PROTOCOL} of the agent
 * @param held         the attempts it holds now, running or waiting for a slot (after a reconnect or restart), so
 *                     that the controller can reconcile: it keeps those that are still its own and has the agent stop
 *                     the others
 * @param queueAhead   how many tasks beyond its slots it accepts to hold, each starting as soon as a slot frees
 *                     (first sent, first started): the controller sends them ahead so that a slot does not wait
 *                     a round trip for its next task; 0 when it takes only what it can start at once
 * @param ownerToken   the secret of a {@code taskgrid local} of the agent's own user on this machine, or {@code null}
 * @param labels       what an administrator says this agent offers ({@code --label gpu}), for tasks that require it;
 *                     the controller checks them ({@link io.taskgrid.api.task.Labels})
 * @param memoryBytes  how much memory it offers to tasks that ask for some ({@code submit --memory}); 0 when it does
 *                     not say, and then it takes no task that asks for memory
 */
public record AgentRegistration(String agentId, String host, int slots, List<RuntimeInfo> runtimes,
                                String protocol, List<HeldAttempt> held, int queueAhead, String ownerToken,
                                List<String> labels, long memoryBytes)
        implements Serializable {
    /** The most tasks an agent may hold beyond its slots, per slot. */
    public static final int MAX_QUEUE_AHEAD_PER_SLOT = 64;

    /** The most tasks an agent with {@code slots} slots may hold ahead of them. */
    public static long maxQueueAhead(int slots) {
        return (long) slots * MAX_QUEUE_AHEAD_PER_SLOT;
    }

    public AgentRegistration {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(host, "host");
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
        held = held == null ? List.of() : List.copyOf(held);
        labels = labels == null ? List.of() : List.copyOf(labels);
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("An agent offers 0 bytes of memory or more, not " + memoryBytes + ".");
        }
    }

    /** A registration that says nothing of its memory. */
    public AgentRegistration(String agentId, String host, int slots, List<RuntimeInfo> runtimes, String protocol,
                             List<HeldAttempt> held, int queueAhead, String ownerToken, List<String> labels) {
        this(agentId, host, slots, runtimes, protocol, held, queueAhead, ownerToken, labels, 0);
    }

    /** A registration without labels. */
    public AgentRegistration(String agentId, String host, int slots, List<RuntimeInfo> runtimes, String protocol,
                             List<HeldAttempt> held, int queueAhead, String ownerToken) {
        this(agentId, host, slots, runtimes, protocol, held, queueAhead, ownerToken, List.of());
    }

    /** A registration without an owner's token (any controller but a {@code taskgrid local}). */
    public AgentRegistration(String agentId, String host, int slots, List<RuntimeInfo> runtimes, String protocol,
                             List<HeldAttempt> held, int queueAhead) {
        this(agentId, host, slots, runtimes, protocol, held, queueAhead, null);
    }

    /** An agent that takes only what it can start at once. */
    public AgentRegistration(String agentId, String host, int slots, List<RuntimeInfo> runtimes, String protocol,
                             List<HeldAttempt> held) {
        this(agentId, host, slots, runtimes, protocol, held, 0);
    }

    /** The same registration holding other attempts. */
    public AgentRegistration withHeld(List<HeldAttempt> attempts) {
        return new AgentRegistration(agentId, host, slots, runtimes, protocol, attempts, queueAhead, ownerToken, labels, memoryBytes);
    }

    @Override
    public String toString() {
        return "AgentRegistration[agentId=" + agentId + ", host=" + host + ", slots=" + slots + ", runtimes=" + runtimes
                + ", protocol=" + protocol + ", held=" + held + ", queueAhead=" + queueAhead + ", labels=" + labels + ", memoryBytes=" + memoryBytes
                + (ownerToken == null ? "" : ", ownerToken=***") + "]";
    }
}

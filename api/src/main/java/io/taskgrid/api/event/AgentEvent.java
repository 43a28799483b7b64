package io.taskgrid.api.event;

import io.taskgrid.api.agent.AgentInfo;

import java.time.Instant;
import java.util.Objects;

/** An agent joined, reported (heartbeat), left or was lost. */
public record AgentEvent(long sequence, Instant at, Kind kind, AgentInfo agent) implements GridEvent {
    public enum Kind { JOINED, UPDATED, LEFT, LOST }

    public AgentEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(agent, "agent");
    }
}

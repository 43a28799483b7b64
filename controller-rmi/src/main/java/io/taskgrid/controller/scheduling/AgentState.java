package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.task.Language;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/** A connected agent's slots and load. Confined to the scheduler thread. */
final class AgentState {
    final String id;
    final long token;
    final String host;
    final int slots;
    final List<RuntimeInfo> runtimes;
    final Set<Language> languages;
    final AgentService service;
    final ExecutorService dispatcher;
    final Instant connectedAt;
    final Set<Long> running = new LinkedHashSet<>();
    Instant lastHeartbeatAt;
    /** Silence is counted from here when it is later than the last heartbeat: after the controller itself stalled. */
    Instant graceFrom;
    double cpuLoad = -1;
    long bytesProcessed;
    /** False after a refused or failed dispatch, until the next heartbeat. */
    boolean usable = true;

    AgentState(String id, long token, String host, int slots, List<RuntimeInfo> runtimes, AgentService service,
               ExecutorService dispatcher, Instant connectedAt) {
        this.id = id;
        this.token = token;
        this.host = host;
        this.slots = slots;
        this.runtimes = List.copyOf(runtimes);
        EnumSet<Language> langs = EnumSet.noneOf(Language.class);
        runtimes.forEach(r -> langs.add(r.language()));
        this.languages = langs;
        this.service = service;
        this.dispatcher = dispatcher;
        this.connectedAt = connectedAt;
        this.lastHeartbeatAt = connectedAt;
    }

    /** Whether nothing was heard from it (nor granted to it after a stall) for longer than {@code timeout}. */
    boolean silentFor(java.time.Duration timeout, Instant now) {
        Instant from = graceFrom != null && graceFrom.isAfter(lastHeartbeatAt) ? graceFrom : lastHeartbeatAt;
        return from.plus(timeout).isBefore(now);
    }

    boolean hasFreeSlot() {
        return usable && running.size() < slots;
    }

    double relativeLoad() {
        return (double) running.size() / slots;
    }

    AgentInfo info(boolean connected) {
        return new AgentInfo(id, host, slots, running.size(), cpuLoad, runtimes, bytesProcessed, connectedAt,
                lastHeartbeatAt, connected);
    }
}

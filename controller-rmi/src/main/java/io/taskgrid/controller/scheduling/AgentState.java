package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.ArrayList;
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
    /** What an administrator says it offers ({@code taskgrid agent --label}); checked at registration. */
    final Set<String> labels;
    final AgentService service;
    final ExecutorService dispatcher;
    final Instant connectedAt;
    /** How many tasks beyond its slots it holds at most (see {@link #ahead}). */
    final int queueAhead;
    /** Tasks it runs, as far as the controller knows: at most {@link #slots}; they count toward the global limit. */
    final Set<Long> running = new LinkedHashSet<>();
    /**
     * Tasks sent ahead: held by the agent, waiting for a slot, in the order they were sent, which is the order the
     * agent starts them in. Persisted QUEUED with this agent; the first becomes RUNNING when a slot frees.
     */
    final Set<Long> ahead = new LinkedHashSet<>();
    /**
     * Assignments decided since the last commit, sent to the agent together once committed; or, while it takes its
     * work in answers to its reports, kept for the answer to its next report.
     */
    final List<TaskAssignment> unsent = new ArrayList<>();
    /** Calls with assignments on their way to it: an answer to its report now could overtake them. */
    int pushesInFlight;
    /** An answer with assignments is on its way: no call to it until its next report or heartbeat shows it arrived. */
    boolean replyPending;
    /** The tasks of that answer. */
    final Set<Long> inReply = new HashSet<>();
    /** Cancellations of tasks of that answer, sent once it arrived. */
    final List<TaskRecord> cancelsAfterReply = new ArrayList<>();
    Instant lastHeartbeatAt;
    /** Silence is counted from here when it is later than the last heartbeat: after the controller itself stalled. */
    Instant graceFrom;
    double cpuLoad = -1;
    long bytesProcessed;
    /** False after a refused or failed dispatch, until the next heartbeat. */
    boolean usable = true;
    /** Whether its heartbeats list what it holds ({@link io.taskgrid.api.agent.AgentHeartbeat#held}). */
    boolean listsHeld;
    /** Why an administrator drained it (no new task), or {@code null}: see {@link Drains}. */
    String drainReason;
    /** Memory it offers to tasks that ask for some; 0 when it did not say (it takes none of them). */
    final long memoryBytes;
    /** CPUs the tasks of {@link #running} asked for beyond one each (see {@link #cpusInUse()}). */
    private int extraCpus;
    /** Memory the tasks of {@link #running} asked for. */
    long memoryInUse;
    /**
     * A queued task too large for the room any agent has now, for which this agent is kept: no other task is sent to it
     * until that one starts here or leaves the queue, so that a stream of small tasks never starves a large one
     * (see {@link Pool#reserve}); {@code null} when it takes any task.
     */
    Job reservedFor;

    AgentState(String id, long token, String host, int slots, List<RuntimeInfo> runtimes, AgentService service,
               ExecutorService dispatcher, Instant connectedAt) {
        this(id, token, host, slots, 0, runtimes, List.of(), service, dispatcher, connectedAt);
    }

    AgentState(String id, long token, String host, int slots, int queueAhead, List<RuntimeInfo> runtimes,
               List<String> labels, AgentService service, ExecutorService dispatcher, Instant connectedAt) {
        this(id, token, host, slots, 0, queueAhead, runtimes, labels, service, dispatcher, connectedAt);
    }

    AgentState(String id, long token, String host, int slots, long memoryBytes, int queueAhead, List<RuntimeInfo> runtimes,
               List<String> labels, AgentService service, ExecutorService dispatcher, Instant connectedAt) {
        this.id = id;
        this.memoryBytes = memoryBytes;
        this.labels = Set.copyOf(labels);
        this.queueAhead = queueAhead;
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

    /** Whether it can take a task now: into a free slot, or ahead into its queue; one kept for a large task takes no other. */
    boolean hasRoom() {
        return usable && drainReason == null && reservedFor == null && (!slotsFull() || ahead.size() < queueAhead);
    }

    /** CPUs the tasks it runs asked for: one each, and more for those that asked for more. */
    int cpusInUse() {
        return running.size() + extraCpus;
    }

    /** Whether every CPU is asked for by a running task, so a task sent now waits ahead on the agent. */
    boolean slotsFull() {
        return cpusInUse() >= slots;
    }

    /** Whether a task asking for {@code r} can start here now: its CPUs are free, and its memory if it asks for some. */
    boolean fitsNow(Resources r) {
        return cpusInUse() + r.cpus() <= slots && (!r.hasMemory() || memoryInUse + r.memoryBytes() <= memoryBytes);
    }

    /** Whether a task asking for {@code r} can ever run here: the agent is that large. */
    boolean canEverFit(Resources r) {
        return r.cpus() <= slots && r.memoryBytes() <= memoryBytes;
    }

    /** A task runs here from now, holding the CPUs and memory it asked for. */
    void addRunning(Job j) {
        if (running.add(j.id())) {
            extraCpus += j.record.resources().cpus() - 1;
            memoryInUse += j.record.resources().memoryBytes();
        }
    }

    /** A task no longer runs here. */
    void removeRunning(Job j) {
        if (running.remove(j.id())) {
            extraCpus -= j.record.resources().cpus() - 1;
            memoryInUse -= j.record.resources().memoryBytes();
        }
    }

    /** Nothing runs here any more (the agent was lost). */
    void clearRunning() {
        running.clear();
        extraCpus = 0;
        memoryInUse = 0;
    }

    /** Tasks it holds: running and sent ahead. */
    int held() {
        return running.size() + ahead.size();
    }

    /** CPUs asked for and tasks held ahead, per CPU. */
    double relativeLoad() {
        return (double) (cpusInUse() + ahead.size()) / slots;
    }

    AgentInfo info(boolean connected) {
        return new AgentInfo(id, host, slots, running.size(), cpuLoad, runtimes, bytesProcessed, connectedAt,
                lastHeartbeatAt, connected, drainReason, labels.stream().sorted().toList(), cpusInUse(), memoryBytes, memoryInUse);
    }
}

package io.taskgrid.api.client;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The grid's health on one screen, for administrators ({@code taskgrid status}): counted by the controller from what
 * it holds, plus the sizes of its history.
 *
 * @param version        the controller's TaskGrid version ("development build" when it runs from a checkout)
 * @param protocol       its {@link io.taskgrid.api.Version#PROTOCOL}
 * @param startedAt      when the controller started
 * @param at             when this status was taken (the controller's clock)
 * @param agents         connected agents and those lost since the start
 * @param slots          CPUs offered and in use, running tasks and the process limit
 * @param queue          waiting tasks by why they wait, the largest reason first; empty when none waits
 * @param clients        connected client sessions
 * @param mailPending    reports by mail waiting or being retried
 * @param history        the history's database
 * @param recentProblems the last problems (mail not sent, refused log-ins, agents lost), newest first, a bounded few
 */
public record GridStatus(String version, String protocol, Instant startedAt, Instant at, AgentCounts agents,
                         SlotCounts slots, List<QueueCount> queue, int clients, int mailPending, HistorySize history,
                         List<GridProblem> recentProblems) implements Serializable {
    public GridStatus {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(at, "at");
        queue = List.copyOf(queue);
        recentProblems = List.copyOf(recentProblems);
    }

    /** How long the controller has run when this status was taken. */
    public Duration uptime() {
        return Duration.between(startedAt, at);
    }

    /** Tasks waiting, whatever the reason. */
    public int queued() {
        return queue.stream().mapToInt(QueueCount::tasks).sum();
    }

    /**
     * @param connected agents holding a session now
     * @param draining  of those, drained by an administrator and still running tasks
     * @param drained   of those, drained and idle: they can be stopped without losing work
     * @param lost      agents declared lost (silent past the heartbeat timeout) since the controller started
     */
    public record AgentCounts(int connected, int draining, int drained, int lost) implements Serializable {
    }

    /**
     * @param offered      CPUs the connected agents offer
     * @param busy         CPUs the running tasks asked for
     * @param running      tasks running
     * @param maxProcesses the controller's limit of programs running at once
     */
    public record SlotCounts(int offered, int busy, int running, int maxProcesses) implements Serializable {
    }

    /** @param reason why they wait, in a few words ("waiting for a free slot", "held"); @param tasks how many */
    public record QueueCount(String reason, int tasks) implements Serializable {
        public QueueCount {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param file       the database file on the controller's host
     * @param bytes      its size with its write-ahead log
     * @param tasks      tasks it holds
     * @param schema     its schema version
     */
    public record HistorySize(String file, long bytes, long tasks, int schema) implements Serializable {
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.controller.events.EventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Which agents are alive: one silent for the heartbeat timeout is lost, and the attempts it held wait for the end of its
 * lease ({@link Leases}) before they run again; a gap between two checks means the controller itself stood still, and
 * then nobody is declared lost for it. Runs on the scheduler thread.
 */
final class Liveness {
    private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);

    private final Pool pool;
    private final Lifecycle lifecycle;
    private final EventHub hub;
    private final Clock clock;
    private final Duration heartbeatTimeout;
    private final Leases leases;
    private final BiConsumer<String, Long> agentGone;
    private final Runnable agentsChanged;
    /** When {@link #check} last ran: a long gap means this controller itself stood still. */
    private Instant lastCheck;

    /**
     * @param agentGone     told when an agent's session ends, with its id and session token
     * @param agentsChanged told when the set of connected agents changed
     */
    Liveness(Pool pool, Lifecycle lifecycle, EventHub hub, Clock clock, Duration heartbeatTimeout, Leases leases,
             BiConsumer<String, Long> agentGone, Runnable agentsChanged) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.hub = hub;
        this.clock = clock;
        this.heartbeatTimeout = heartbeatTimeout;
        this.leases = leases;
        this.agentGone = agentGone;
        this.agentsChanged = agentsChanged;
    }

    /** Declares silent agents lost and sends again what waited for a silent agent past its lease. */
    void check(Instant now) {
        Instant previous = lastCheck;
        lastCheck = now;
        if (previous != null && Duration.between(previous, now).compareTo(stallThreshold()) > 0) {
            graceAfterStall(Duration.between(previous, now), now);
        }
        for (AgentState a : List.copyOf(pool.agents.values())) {
            if (a.silentFor(heartbeatTimeout, now)) {
                LOG.warn("Agent {} on {} sent no heartbeat for {}; declaring it lost", a.id, a.host, heartbeatTimeout);
                drop(a, AgentEvent.Kind.LOST, "Agent " + a.id + " was lost");
            }
        }
        for (Job j : List.copyOf(pool.jobs.values())) {
            if (j.phase().unheard() && j.orphanDeadline.isBefore(now)) {
                boolean ahead = j.phase().ahead();
                if (ahead) { // its agent may have started it before it fell silent: that was an attempt
                    lifecycle.countAsStarted(j);
                }
                lifecycle.requeueOrFail(j, "Agent " + j.record.agentId() + " was lost" + (ahead ? " (it held it ahead and may have started it)" : ""));
            }
        }
    }

    /** A gap between two liveness checks longer than this is a stall of the controller, not of its agents. */
    private Duration stallThreshold() {
        return heartbeatTimeout.dividedBy(2);
    }

    private void graceAfterStall(Duration gap, Instant now) {
        LOG.warn("The controller stood still for {} ms (paused process, long garbage collection or frozen VM?); its agents"
                + " get a fresh heartbeat window of {} before any is declared lost.", gap.toMillis(), heartbeatTimeout);
        for (AgentState a : pool.agents.values()) {
            a.graceFrom = now;
        }
        Instant orphanDeadline = now.plus(heartbeatTimeout);
        for (Job j : pool.jobs.values()) {
            if (j.orphanDeadline != null && j.orphanDeadline.isBefore(orphanDeadline)) {
                j.orphanDeadline = orphanDeadline;
            }
        }
    }

    void drop(AgentState a, AgentEvent.Kind kind, String why) {
        pool.agents.remove(a.id);
        pool.agentGone(a);
        a.dispatcher.shutdown();
        agentGone.accept(a.id, a.token);
        // A lost agent may only be silent (paused, cut off): its programs run on until its lease ends, and one it
        // holds ahead may start there meanwhile (issue 19: a 3 s pause ran two tasks twice at once), so they run
        // again elsewhere only after that. One that left stopped them first.
        Instant leaseEnds = kind == AgentEvent.Kind.LOST ? leases.requeueAt(a.lastHeartbeatAt) : null;
        boolean wait = leaseEnds != null && leaseEnds.isAfter(clock.instant());
        for (Long id : List.copyOf(a.ahead)) {
            Job j = pool.jobs.get(id);
            if (j == null) {
                continue;
            }
            if (wait) {
                j.moveTo(Phase.AHEAD_UNHEARD);
                j.orphanDeadline = leaseEnds;
                j.silentSince = a.lastHeartbeatAt;
            } else {
                lifecycle.returnToQueue(j, why);
            }
        }
        a.ahead.clear();
        for (Long id : List.copyOf(a.running)) {
            Job j = pool.jobs.get(id);
            if (j == null) {
                continue;
            }
            if (wait) {
                j.moveTo(Phase.RUNNING_UNHEARD);
                j.orphanDeadline = leaseEnds;
                j.silentSince = a.lastHeartbeatAt;
                LOG.info("Task {} runs again after {} unless agent {} reports: its lease holds until then.", id, leaseEnds, a.id);
            } else {
                lifecycle.requeueOrFail(j, why);
            }
        }
        a.clearRunning();
        agentsChanged.run();
        hub.publishAgent(kind, a.info(false));
    }
}

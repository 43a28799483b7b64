package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.HeldAttempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Squares what an agent says it holds with what this controller gives it: when it registers (again), and with every
 * heartbeat. An attempt it holds that is not the task's current one there is stopped (through the {@link AgentChannel});
 * one this controller gives it that it does not hold runs again. Runs on the scheduler thread.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Pool pool;
    private final Lifecycle lifecycle;
    private final AgentChannel channel;
    private final Duration heartbeatTimeout;

    Reconciler(Pool pool, Lifecycle lifecycle, AgentChannel channel, Duration heartbeatTimeout) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.channel = channel;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    /**
     * Agent {@code a} registered claiming {@code claims}: the tasks held on it that it claims under their current token
     * are its own again (one taken back from the history after a restart learns its token from the claim); the others
     * run again; what it claims that is not its own any more is stopped.
     */
    void atRegistration(AgentState a, List<HeldAttempt> claims) {
        Map<Long, HeldAttempt> claimed = new HashMap<>();
        claims.forEach(h -> claimed.put(h.taskId(), h));
        List<Job> held = pool.jobs.values().stream().filter(j -> j.holdsOn(a.id)).sorted(Comparator.comparingLong(Job::id)).toList();
        for (Job j : held) {
            HeldAttempt claim = claimed.get(j.id());
            if (claim != null && j.attemptToken == AttemptTokens.UNKNOWN && claim.token() != AttemptTokens.UNKNOWN
                    && claim.attempt() == j.record.attempt()) {
                j.attemptToken = claim.token(); // taken back from the history after a restart: its agent names it
            }
            if (claim == null || claim.token() != j.attemptToken) {
                boolean ahead = j.phase().ahead();
                if (ahead) {
                    lifecycle.countAsStarted(j);
                }
                lifecycle.requeueOrFail(j, "Agent " + a.id + " restarted without it" + (ahead ? " (it held it ahead and may have started it)" : ""));
            } else {
                claimed.remove(j.id());
                j.listedByAgent = true;
                j.missingSince = null;
                if (j.phase().unheard()) {
                    j.moveTo(j.phase() == Phase.AHEAD_UNHEARD ? Phase.AHEAD : Phase.RUNNING);
                }
                if (j.phase() == Phase.AHEAD) {
                    a.ahead.add(j.id());
                } else {
                    a.addRunning(j); // with the CPUs and memory it asked for
                }
            }
        }
        // What it still holds that this controller no longer gives it (run again elsewhere, ended, cancelled) is stopped.
        claimed.values().forEach(h -> channel.disown(a, h.taskId(), h.token(), "it still held it when it registered again"));
    }

    /**
     * Compares what an agent says it holds with what this controller gives it. One it holds under another token than
     * the task's current one, it is told to stop. One this controller gives it that it keeps leaving out for a
     * heartbeat timeout (nothing on its way to it meanwhile) it does not have: never got, when it was never listed
     * (the delivery's answer was lost), else lost without an outcome; it runs again. Returns whether any did.
     */
    boolean atHeartbeat(AgentState a, List<HeldAttempt> held, Instant now) {
        Set<Long> listed = new HashSet<>();
        boolean requeued = false;
        for (HeldAttempt h : held) {
            Job j = pool.jobs.get(h.taskId());
            if (Job.current(j, a, h.token())) {
                listed.add(h.taskId());
                j.listedByAgent = true;
                j.missingSince = null;
            } else if (j != null) { // an ended one may only wait for its outcome's delivery: progress shows a live one
                channel.disown(a, h.taskId(), h.token(), "it listed it in a heartbeat");
            }
        }
        if (a.pushesInFlight > 0) {
            return false; // a call on its way may carry any of them
        }
        List<Long> given = new ArrayList<>(a.running);
        given.addAll(a.ahead);
        for (Long id : given) {
            Job j = pool.jobs.get(id);
            if (j == null || listed.contains(id) || AgentChannel.notYetWithTheAgent(a, id)) {
                continue;
            }
            if (j.missingSince == null) {
                j.missingSince = now;
            } else if (Duration.between(j.missingSince, now).compareTo(heartbeatTimeout) > 0) {
                j.missingSince = null;
                if (!j.listedByAgent) {
                    LOG.warn("Agent {} never listed task {} in {} of heartbeats: it did not get it; it goes back to the queue.",
                            a.id, id, heartbeatTimeout);
                    lifecycle.backUnstarted(j, "Agent " + a.id + " never got it");
                } else {
                    LOG.warn("Agent {} no longer lists task {} and sent no outcome for it; it runs again.", a.id, id);
                    if (j.phase() == Phase.AHEAD) {
                        lifecycle.countAsStarted(j);
                    }
                    lifecycle.requeueOrFail(j, "Agent " + a.id + " no longer held it and sent no outcome");
                }
                requeued = true;
            }
        }
        return requeued;
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.TaskProgress;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.controller.NamedThreads;
import io.taskgrid.controller.events.EventHub;
import io.taskgrid.controller.submission.ConnectedRuntimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * An agent's session from the controller's side: its registration (a new session token, its own dispatch thread, what
 * it claims squared by the {@link Reconciler}), its heartbeats (load, progress of its attempts, what it holds), and what
 * the connected agents offer. Runs on the scheduler thread, but for {@link #runtimes}, which any thread may read.
 */
final class AgentSessions {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);
    /** Progress of one task is announced at most this often (heartbeats come about once a second). */
    static final Duration PROGRESS_EVERY = Duration.ofMillis(900);

    private final Pool pool;
    private final Lifecycle lifecycle;
    private final Reconciler reconciler;
    private final AgentChannel channel;
    private final Drains drains;
    private final Cancels cancels;
    private final UsageLedger usage;
    private final EventHub hub;
    private final Clock clock;
    private final BiConsumer<String, Long> agentGone;
    private final Runnable dispatch;
    /** The last session token given to a registering agent. */
    private long lastSessionToken;
    private volatile ConnectedRuntimes runtimes = ConnectedRuntimes.NONE;

    /** @param agentGone told when an agent's session ends because it registered again, with its id and session token */
    AgentSessions(Pool pool, Lifecycle lifecycle, Reconciler reconciler, AgentChannel channel, Drains drains, Cancels cancels,
                  UsageLedger usage, EventHub hub, Clock clock, BiConsumer<String, Long> agentGone, Runnable dispatch) {
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.reconciler = reconciler;
        this.channel = channel;
        this.drains = drains;
        this.cancels = cancels;
        this.usage = usage;
        this.hub = hub;
        this.clock = clock;
        this.agentGone = agentGone;
        this.dispatch = dispatch;
    }

    /** What the connected agents run now; any thread. */
    ConnectedRuntimes runtimes() {
        return runtimes;
    }

    /**
     * The session a call of agent {@code agentId} names with {@code token}, renewed: any call renews its lease, as the
     * agent counts it. {@code null} when the agent is not connected or the token is of a session that ended.
     */
    AgentState renewed(String agentId, long token) {
        AgentState a = pool.agents.get(agentId);
        if (a == null || a.token != token) {
            return null;
        }
        a.lastHeartbeatAt = clock.instant();
        return a;
    }

    /** Registers (or re-registers) an agent and reconciles its tasks; returns the session token. Dispatches. */
    long register(AgentRegistration reg, AgentService service) {
        AgentState old = pool.agents.remove(reg.agentId());
        if (old != null) {
            pool.agentGone(old);
            old.dispatcher.shutdown();
            agentGone.accept(old.id, old.token);
        }
        Instant now = clock.instant();
        AgentState a = new AgentState(reg.agentId(), ++lastSessionToken, reg.host(), reg.slots(), reg.memoryBytes(), reg.queueAhead(), reg.runtimes(),
                reg.labels(), service,
                Executors.newSingleThreadExecutor(NamedThreads.single("taskgrid-dispatch-" + reg.agentId())), now);
        pool.agents.put(a.id, a);
        drains.applyTo(a);
        reconciler.atRegistration(a, reg.held());
        lifecycle.promoteAhead(a);
        pool.free.refresh(a);
        refreshRuntimes();
        hub.publishAgent(AgentEvent.Kind.JOINED, a.info(true));
        LOG.info("Agent {} on {} joined with {} slots{}.", a.id, a.host, a.slots,
                a.labels.isEmpty() ? "" : " and the labels " + String.join(", ", a.labels.stream().sorted().toList()));
        dispatch.run();
        return a.token;
    }

    /**
     * Agent {@code a} is alive: its load, the progress of its attempts (one it runs that is not its own is stopped),
     * and, when it lists what it holds, the reconcile of that list. Dispatches when it may take tasks again.
     */
    void heartbeat(AgentState a, AgentHeartbeat hb) {
        a.lastHeartbeatAt = clock.instant();
        a.cpuLoad = hb.cpuLoad();
        a.bytesProcessed = hb.bytesProcessed();
        boolean dispatchNow = !a.usable; // usable again: it may take queued tasks
        a.usable = true;
        pool.free.refresh(a);
        Instant now = clock.instant();
        for (TaskProgress p : hb.tasks()) {
            Job j = pool.jobs.get(p.taskId());
            if (j != null && j.phase() == Phase.RUNNING && Job.current(j, a, p.token())) {
                usage.accrue(j, now);
                announceProgress(j, p.usage(), now);
            } else if (j == null || !Job.current(j, a, p.token())) {
                channel.disown(a, p.taskId(), p.token(), "it reported progress of it");
            }
        }
        a.listsHeld = hb.held() != null;
        if (a.listsHeld && reconciler.atHeartbeat(a, hb.held(), now)) {
            dispatchNow = true; // what went back to the queue
        }
        hub.publishAgent(AgentEvent.Kind.UPDATED, a.info(true));
        // Also a sign that it took the last answer: what waited for its next report (which may never come, if
        // that answer's tasks were all taken back or cancelled) is sent now.
        answerArrived(a);
        channel.flushAfterCommit(a);
        if (dispatchNow) {
            dispatch.run();
        }
    }

    /**
     * An agent makes its calls (reports, heartbeats) one after the other from one thread, and takes an answer before
     * its next call: any call proves the previous answer arrived. Sends the cancellations that waited for it.
     */
    void answerArrived(AgentState a) {
        channel.answerArrived(a).forEach(r -> cancels.send(a, r));
    }

    /**
     * Keeps the latest usage (in memory only: the history gets the final figures with the outcome) and
     * announces it to clients, at most once per {@link #PROGRESS_EVERY} per task and only when it changed.
     */
    private void announceProgress(Job j, ResourceUsage usage, Instant now) {
        boolean changed = !usage.equals(j.usage);
        j.usage = usage;
        if (changed && (j.progressAnnouncedAt == null || !now.isBefore(j.progressAnnouncedAt.plus(PROGRESS_EVERY)))) {
            j.progressAnnouncedAt = now;
            hub.publishTask(j.record.toBuilder().usage(usage).build());
        }
    }

    /** Counts again what the connected agents offer, after one joined or went. */
    void refreshRuntimes() {
        pool.agentsWithQueueAhead = (int) pool.agents.values().stream().filter(a -> a.queueAhead > 0).count();
        runtimes = ConnectedRuntimes.of(pool.agents.values().stream()
                .map(a -> new ConnectedRuntimes.Offer(a.id, a.languages, a.labels, a.slots, a.memoryBytes)).toList());
    }
}

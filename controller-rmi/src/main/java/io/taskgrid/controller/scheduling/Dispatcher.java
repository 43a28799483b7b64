package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Places queued tasks on agents: the best agent for the head of each queue (see {@link AgentIndex}), within the global
 * process limit or ahead of a busy agent's slots, each dispatch with a new attempt token; and takes a task held ahead
 * back for an agent that idles. Runs on the scheduler thread.
 */
final class Dispatcher {
    private final Pool pool;
    private final Lifecycle lifecycle;
    private final CommandLoop loop;
    private final AgentChannel channel;
    private final int maxProcesses;
    private final AttemptTokens attemptTokens = new AttemptTokens();
    private final Clock clock;
    private boolean stopped;

    Dispatcher(Pool pool, Lifecycle lifecycle, CommandLoop loop, AgentChannel channel, int maxProcesses, Clock clock) {
        this.clock = clock;
        this.pool = pool;
        this.lifecycle = lifecycle;
        this.loop = loop;
        this.channel = channel;
        this.maxProcesses = maxProcesses;
    }

    /** The controller stops: nothing is placed any more. */
    void stop() {
        stopped = true;
    }

    /**
     * Places queued tasks while any can go: into a free slot while the global process limit allows, or ahead onto an
     * agent whose slots are all taken and that holds a queue ahead. A task sent ahead never raises the number of
     * processes that can run at once: it starts only when a task of the same agent ends.
     *
     * <p>Each decision looks only at the head of each queue ({@link QueueKey}), in {@link Pool#headOrder} (see
     * {@link HeadWalk}): the first that some free agent can take goes to the best such agent. A queue whose head finds
     * no agent is passed over for the rest of this call (placing tasks only takes room, so it cannot find one later in
     * the call, unless an agent kept for a large task is given back), and never holds back another queue.
     */
    void dispatch() {
        if (stopped) {
            return;
        }
        boolean anyAhead = pool.agentsWithQueueAhead > 0;
        Set<QueueKey> blocked = null; // made when a head first finds no agent: most calls place or stop before
        List<HeadWalk.Candidate> tooLarge = null; // heads larger than the room of every agent now, in the order they came
        HeadWalk walk = null; // made at the first decision: most calls return before
        while (true) {
            boolean limitReached = pool.running >= maxProcesses;
            if (limitReached && !anyAhead) {
                return;
            }
            if (pool.free.isEmpty()) {
                // No agent has room: no head can be placed, and no agent idles to take a task back for, but a task an
                // agent is kept for may fit there now. Most calls (a task started, a heartbeat, the pass after the last
                // placement) come when every agent is full: they cost O(agents kept), not a walk of the heads.
                if (!startKeptTasksThatFit(limitReached)) {
                    return;
                }
                blocked = null;
                walk = null;
                continue;
            }
            if (walk == null) {
                walk = new HeadWalk(pool, clock.instant());
            }
            HeadWalk.Candidate best = null;
            AgentState target = null;
            boolean limitHeld = false;
            for (HeadWalk.Candidate c = walk.next(); c != null; c = walk.next()) {
                Job head = c.head();
                if (isBlocked(head, blocked)) {
                    walk.passOver(c, isBlockedIn(blocked));
                    continue;
                }
                Optional<AgentState> agent = agentFor(head, limitReached);
                if (agent.isPresent()) {
                    best = c;
                    target = agent.get();
                    break;
                }
                if (heldByTheLimit(head)) {
                    // It goes first and only the process limit holds it: no later task may take the CPUs it waits
                    // for, or a stream of one-CPU tasks would keep the pool just under the limit for ever.
                    limitHeld = true;
                    break;
                }
                if (head.reservedOn == null) {
                    if (blocked == null) {
                        blocked = new HashSet<>();
                    }
                    blocked.add(head.agentsKey);
                    if (head.key.resources().beyondDefault() && !limitReached) {
                        if (tooLarge == null) {
                            tooLarge = new ArrayList<>();
                        }
                        tooLarge.add(c);
                    }
                }
                walk.passOver(c, isBlockedIn(blocked));
            }
            if (tooLarge != null) {
                reserveForLargeHeads(tooLarge, best);
                tooLarge = null;
                if (target != null && target.reservedFor != null && target.reservedFor != best.head()) {
                    walk.putBack(best); // the agent found for it is kept for a larger task now: look again
                    continue;
                }
            }
            if (best == null) {
                if (!limitReached && !limitHeld) {
                    takeBackForIdleAgents();
                }
                return;
            }
            boolean releasesAgent = best.head().reservedOn != null;
            start(best.head(), target);
            if (releasesAgent) {
                // The agent kept for it takes other tasks again: a head passed over before may find room there now.
                blocked = null;
                walk = null;
            } else {
                walk.placed(best);
            }
        }
    }

    /**
     * Whether a task that asks for more than one CPU waits only for the process limit: it would fit under it once
     * enough running tasks end (a request larger than the limit itself is refused at submission; one from before a
     * lower limit waits without holding others back).
     */
    private boolean heldByTheLimit(Job head) {
        int cpus = head.key.resources().cpus();
        return cpus > 1 && cpus <= maxProcesses && pool.running + cpus > maxProcesses && someAgentCouldRun(head);
    }

    /**
     * Whether a connected agent that takes tasks could run {@code j} once it has room: without one (a task kept queued
     * with --wait-for-agent), holding the pool back for it would hold it back for ever. O(agents), asked only of a
     * large head that goes first while the process limit holds it.
     */
    private boolean someAgentCouldRun(Job j) {
        for (AgentState a : pool.agents.values()) {
            if (a.usable && a.drainReason == null && a.canEverFit(j.key.resources()) && a.languages.contains(j.key.language())
                    && j.key.requirements().matches(a.labels)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code head} is of a kind that found no agent in this call (one an agent is kept for is always tried). */
    private static boolean isBlocked(Job head, Set<QueueKey> blocked) {
        return head.reservedOn == null && blocked != null && blocked.contains(head.agentsKey);
    }

    private static Predicate<Job> isBlockedIn(Set<QueueKey> blocked) {
        return blocked == null ? j -> false : j -> isBlocked(j, blocked);
    }

    /** Starts the tasks agents are kept for that fit there now; whether any started. */
    private boolean startKeptTasksThatFit(boolean limitReached) {
        if (pool.reservations == 0) {
            return false;
        }
        List<Job> fit = new ArrayList<>();
        for (Job j : pool.reserved.values()) {
            if (agentFor(j, limitReached).filter(a -> a == j.reservedOn).isPresent()) {
                fit.add(j);
            }
        }
        boolean started = false;
        for (Job j : fit) {
            AgentState kept = j.reservedOn;
            if (kept != null && agentFor(j, pool.running >= maxProcesses).filter(a -> a == kept).isPresent()) {
                start(j, kept);
                started = true;
            }
        }
        return started;
    }

    /**
     * The best agent for the head {@code j} of a queue now: with a free slot, or (when the process limit is reached) one
     * whose slots are full and that has room ahead. Without requirements, the least loaded agent of the language at
     * O(log agents). A task that asks for more than one CPU or for memory is never sent ahead (the room it needs may
     * not come for a long time): it goes only where it fits now, within the process limit, or to the agent kept for it
     * once that one has room.
     */
    private Optional<AgentState> agentFor(Job j, boolean limitReached) {
        QueueKey key = j.key;
        Resources resources = key.resources();
        if (!resources.beyondDefault()) {
            if (key.requirements().isEmpty()) {
                return limitReached ? pool.free.first(key.language(), AgentState::slotsFull) : pool.free.best(key.language());
            }
            return pool.free.first(key.language(), key.requirements(), limitReached ? AgentState::slotsFull : a -> true);
        }
        if (limitReached || pool.running + resources.cpus() > maxProcesses) {
            return Optional.empty();
        }
        AgentState kept = j.reservedOn;
        if (kept != null && kept.usable && kept.drainReason == null && kept.fitsNow(resources)) {
            return Optional.of(kept);
        }
        return pool.free.first(key.language(), key.requirements(), a -> a.fitsNow(resources));
    }

    /**
     * Keeps an agent for the first head of each kind too large for the room any agent has now and that would go before
     * the task placed next ({@code next}, or any when none can be placed): the least loaded agent with room that could
     * ever run it (O(log agents) through the index), so that its running tasks end and no new one takes their room.
     * Without it, a stream of one-CPU tasks would take every CPU that frees, and a four-CPU task would wait for ever.
     * When every agent is full none is kept now; the next call, after a task ends, keeps one.
     */
    private void reserveForLargeHeads(List<HeadWalk.Candidate> heads, HeadWalk.Candidate next) {
        for (HeadWalk.Candidate c : heads) {
            Job head = c.head();
            if (next != null && !HeadWalk.before(c, next) || pool.reserved.containsKey(head.agentsKey)) {
                continue; // one agent kept per kind of placement: the next is kept once that task started
            }
            Resources r = head.key.resources();
            pool.free.first(head.key.language(), head.key.requirements(), a -> a.canEverFit(r))
                    .ifPresent(a -> pool.reserve(a, head));
        }
    }

    /**
     * An agent with a free slot and nothing queued for it while another holds tasks ahead that it could run (they
     * wait there behind long tasks): asks the holder to give back its last one, which then goes to the idle agent.
     */
    private void takeBackForIdleAgents() {
        for (AgentState holder : pool.agents.values()) {
            if (holder.ahead.isEmpty()) {
                continue;
            }
            Long last = null;
            for (Long id : holder.ahead) {
                last = id;
            }
            Job j = pool.jobs.get(last);
            if (j == null || AgentChannel.notYetWithTheAgent(holder, last) || j.withdrawing || j.phase() != Phase.AHEAD || !pool.queueEmpty(j.key)) {
                continue;
            }
            Optional<AgentState> idle = agentFor(j, false);
            if (idle.isEmpty() || idle.get() == holder || idle.get().slotsFull()) {
                continue;
            }
            j.withdrawing = true;
            channel.withdraw(holder, j.id(), j.attemptToken, idle.get().id);
        }
    }

    private void start(Job j, AgentState a) {
        pool.dequeue(j);
        if (a.slotsFull()) {
            // Persisted with its agent (a restarted controller must not send it elsewhere while the agent holds it),
            // not announced: for clients it is still queued, and it is announced when it runs.
            TaskRecord r = j.record.toBuilder().agentId(a.id).agentHost(a.host).message(null).build();
            loop.persist(r);
            j.record = r;
            j.moveTo(Phase.AHEAD);
            a.ahead.add(j.id());
            pool.free.refresh(a);
        } else {
            lifecycle.markRunning(j, a);
        }
        TaskRecord r = j.record;
        j.attemptToken = attemptTokens.next();
        j.listedByAgent = false;
        j.missingSince = null;
        channel.send(a, new TaskAssignment(r.id(), r.attempt(), j.attemptToken, r.project(), r.projectId(), j.program, r.language(),
                r.arguments(), r.dataPath(), r.timeout(), j.environment, r.resources(), r.arrayId(), r.arrayIndex()));
    }
}

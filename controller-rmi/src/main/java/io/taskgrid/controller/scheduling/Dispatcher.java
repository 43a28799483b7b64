package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.task.TaskRecord;

import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
     * <p>Each decision looks only at the head of each queue ({@link QueueKey}): the first in {@link Pool#headOrder} of
     * those some free agent can take goes to the best such agent. A queue whose head finds no agent is passed over
     * for the rest of this call (placing tasks only takes room, so it cannot find one later in the call), and never
     * holds back another queue.
     */
    void dispatch() {
        if (stopped) {
            return;
        }
        boolean anyAhead = pool.agentsWithQueueAhead > 0;
        Set<QueueKey> blocked = null; // made when a head first finds no agent: most calls place or stop before
        Comparator<Job> headOrder = pool.headOrder(clock.instant());
        while (true) {
            boolean limitReached = pool.running >= maxProcesses;
            if (limitReached && !anyAhead) {
                return;
            }
            if (pool.free.isEmpty()) {
                // No agent has room: no head can be placed, and no agent idles to take a task back for. Returns before
                // walking the heads, which costs O(queues) = O(users × requirement sets) on a shared pool; most calls
                // (a task started, a heartbeat, the pass after the last placement) come when every agent is full.
                return;
            }
            Job best = null;
            AgentState target = null;
            for (Iterator<Map.Entry<QueueKey, TreeSet<Job>>> it = pool.queuesByKey().entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<QueueKey, TreeSet<Job>> q = it.next();
                if (q.getValue().isEmpty()) {
                    it.remove(); // a key's queue is made again when a task of it comes
                    continue;
                }
                Job head = q.getValue().first();
                if (best != null && headOrder.compare(head, best) >= 0 || blocked != null && blocked.contains(q.getKey().agents())) {
                    continue;
                }
                Optional<AgentState> agent = agentFor(q.getKey(), limitReached);
                if (agent.isPresent()) {
                    best = head;
                    target = agent.get();
                } else {
                    if (blocked == null) {
                        blocked = new HashSet<>();
                    }
                    blocked.add(q.getKey().agents());
                }
            }
            if (best == null) {
                if (!limitReached) {
                    takeBackForIdleAgents();
                }
                return;
            }
            start(best, target);
        }
    }

    /**
     * The best agent for the tasks of {@code key} now: with a free slot, or (when the process limit is reached) one
     * whose slots are full and that has room ahead. Without requirements, the least loaded agent of the language at
     * O(log agents).
     */
    private Optional<AgentState> agentFor(QueueKey key, boolean limitReached) {
        if (key.requirements().isEmpty()) {
            return limitReached ? pool.free.first(key.language(), AgentState::slotsFull) : pool.free.best(key.language());
        }
        return pool.free.first(key.language(), key.requirements(), limitReached ? AgentState::slotsFull : a -> true);
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
            if (j == null || AgentChannel.notYetWithTheAgent(holder, last) || j.withdrawing || j.phase() != Phase.AHEAD || !pool.queue(j.key).isEmpty()) {
                continue;
            }
            Optional<AgentState> idle = agentFor(j.key, false);
            if (idle.isEmpty() || idle.get() == holder || idle.get().slotsFull()) {
                continue;
            }
            j.withdrawing = true;
            channel.withdraw(holder, j.id(), j.attemptToken, idle.get().id);
        }
    }

    private void start(Job j, AgentState a) {
        pool.queue(j.key).remove(j);
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
                r.arguments(), r.dataPath(), r.timeout(), j.environment));
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskRecord;

import java.util.Optional;
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
    private boolean stopped;

    Dispatcher(Pool pool, Lifecycle lifecycle, CommandLoop loop, AgentChannel channel, int maxProcesses) {
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
     */
    void dispatch() {
        if (stopped) {
            return;
        }
        boolean anyAhead = pool.agentsWithQueueAhead > 0;
        while (true) {
            boolean limitReached = pool.running >= maxProcesses;
            if (limitReached && !anyAhead) {
                return;
            }
            Job best = null;
            AgentState target = null;
            for (TreeSet<Job> q : pool.queues()) {
                if (q.isEmpty()) {
                    continue;
                }
                Job head = q.first();
                if (best != null && Pool.QUEUE_ORDER.compare(head, best) >= 0) {
                    continue;
                }
                Language language = head.record.language();
                Optional<AgentState> agent = limitReached ? pool.free.first(language, AgentState::slotsFull) : pool.free.best(language);
                if (agent.isPresent()) {
                    best = head;
                    target = agent.get();
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
            if (j == null || AgentChannel.notYetWithTheAgent(holder, last) || j.withdrawing || j.phase() != Phase.AHEAD || !pool.queue(j.record.language()).isEmpty()) {
                continue;
            }
            Optional<AgentState> idle = pool.free.best(j.record.language());
            if (idle.isEmpty() || idle.get() == holder || idle.get().slotsFull()) {
                continue;
            }
            j.withdrawing = true;
            channel.withdraw(holder, j.id(), j.attemptToken, idle.get().id);
        }
    }

    private void start(Job j, AgentState a) {
        pool.queue(j.record.language()).remove(j);
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

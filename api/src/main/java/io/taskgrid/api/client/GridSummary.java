package io.taskgrid.api.client;

import java.io.Serializable;

/**
 * The grid in a few figures, cheap to ask for often (a status line): counted by the controller from what it holds,
 * not read from the history.
 *
 * @param running       tasks whose program runs (or may run, on an agent not heard from)
 * @param queued        tasks waiting for a slot, in the queue or ahead on an agent; held ones are not among them
 * @param held          queued tasks kept from starting until released
 * @param agents        connected agents
 * @param drainedAgents of those, the ones an administrator drained
 * @param maxProcesses  the controller's limit of programs running at once
 */
public record GridSummary(int running, int queued, int held, int agents, int drainedAgents, int maxProcesses)
        implements Serializable {
}

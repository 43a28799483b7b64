package io.taskgrid.controller.status;

import io.taskgrid.api.ProductVersion;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.GridProblem;
import io.taskgrid.api.client.GridStatus;
import io.taskgrid.controller.history.TaskStore;
import io.taskgrid.controller.mail.MailReports;
import io.taskgrid.controller.scheduling.Scheduler;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Takes the grid's {@link GridStatus} when an administrator asks: two calls on the scheduler thread (agents, queue),
 * a count of the history on a reader, and what the mail queue and {@link RecentProblems} hold. Nothing here runs
 * unless asked.
 */
public final class GridStatusTaker {
    private final Scheduler scheduler;
    private final TaskStore store;
    private final MailReports mail;
    private final IntSupplier clients;
    private final RecentProblems problems;
    private final Clock clock;
    private final Instant startedAt;
    private final int maxProcesses;

    public GridStatusTaker(Scheduler scheduler, TaskStore store, MailReports mail, IntSupplier clients, RecentProblems problems,
                           Clock clock, Instant startedAt, int maxProcesses) {
        this.scheduler = scheduler;
        this.store = store;
        this.mail = mail;
        this.clients = clients;
        this.problems = problems;
        this.clock = clock;
        this.startedAt = startedAt;
        this.maxProcesses = maxProcesses;
    }

    public GridStatus take() {
        List<AgentInfo> agents = scheduler.agents();
        int draining = 0;
        int drained = 0;
        int offered = 0;
        int busy = 0;
        int running = 0;
        for (AgentInfo a : agents) {
            drained += a.drained() ? 1 : 0;
            draining += a.draining() && !a.drained() ? 1 : 0;
            offered += a.slots();
            busy += a.cpusInUse();
            running += a.running();
        }
        GridStatus.AgentCounts agentCounts = new GridStatus.AgentCounts(agents.size(), draining, drained,
                (int) problems.count(GridProblem.Kind.AGENT_LOST));
        GridStatus.HistorySize history = new GridStatus.HistorySize(store.file().toAbsolutePath().toString(),
                store.databaseBytes(), store.taskCount(), store.schemaVersion());
        return new GridStatus(ProductVersion.current(), Version.PROTOCOL, startedAt, clock.instant(), agentCounts,
                new GridStatus.SlotCounts(offered, busy, running, maxProcesses), scheduler.queueByReason(),
                clients.getAsInt(), mail.pending(), history, problems.newestFirst());
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.UnknownAgentException;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.GridStatus;
import io.taskgrid.api.client.GridSummary;
import io.taskgrid.api.client.UsageReport;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.events.EventHub;
import io.taskgrid.controller.history.TaskHistory;
import io.taskgrid.controller.submission.ConnectedRuntimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Owns the queue, the slots and the lifecycle of every attempt ({@link Phase}: its moves are in one place). Every change
 * happens on one thread, that of the {@link CommandLoop}; other threads hand it commands. A change is persisted (group
 * commit), then announced, then, for a dispatch, sent through the {@link AgentChannel} on that agent's own dispatch
 * thread, so no remote call ever runs on the scheduler thread. Each dispatch gets an attempt token
 * ({@link AttemptTokens}): a report, a result or a cancel of any other token is refused, never applied, and an agent
 * that still runs an attempt this controller no longer gives it is told to stop it.
 */
public final class Scheduler implements AutoCloseable {
    public static final int MAX_ATTEMPTS = 3;
    public static final int MAX_EXCERPT_CHARS = AgentReports.MAX_EXCERPT_CHARS;
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final TaskHistory store;
    private final CommandLoop loop;
    private final AgentChannel channel;
    private final Pool pool;
    private final Lifecycle lifecycle;
    private final AgentSessions sessions;
    private final Liveness liveness;
    private final Dispatcher dispatcher;
    private final Drains drains;
    private final QueueControls controls;
    private final Workflow workflow;
    private final Cancels cancels;
    private final ArrayControls arrayControls;
    private final Clock clock;
    /** How long an agent's running attempts are its own after its last heartbeat (see {@link Leases}). */
    private final Leases leases;
    private final FairShare fairShare;
    /** Each user's recent use of the pool; scheduler thread. */
    private final UsageLedger usage;
    private final RetryTimer retryTimer;
    private final AgentReports reports;
    private final LiveViews views;
    private final Recovery recovery;

    /**
     * @param agentGone told (on the scheduler thread) when an agent's session ends: replaced, lost or left;
     *                  with the agent id and its session token
     */
    public Scheduler(TaskHistory store, EventHub hub, Clock clock, int maxProcesses, Duration heartbeatTimeout,
                     BiConsumer<String, Long> agentGone) {
        this(store, hub, clock, maxProcesses, heartbeatTimeout, agentGone, r -> { });
    }

    /**
     * @param agentGone as above
     * @param ended     told (on the scheduler thread, after it was persisted and announced) of every task that
     *                  reached a final state; must return at once (it queues the report by mail)
     */
    public Scheduler(TaskHistory store, EventHub hub, Clock clock, int maxProcesses, Duration heartbeatTimeout,
                     BiConsumer<String, Long> agentGone, Consumer<TaskRecord> ended) {
        this(store, hub, clock, maxProcesses, heartbeatTimeout, Leases.NONE, agentGone, ended);
    }

    /**
     * @param leases how long a lost agent's running attempts wait before they run again elsewhere
     * @param agentGone as above
     * @param ended     as above
     */
    public Scheduler(TaskHistory store, EventHub hub, Clock clock, int maxProcesses, Duration heartbeatTimeout,
                     Leases leases, BiConsumer<String, Long> agentGone, Consumer<TaskRecord> ended) {
        this(store, hub, clock, maxProcesses, heartbeatTimeout, leases, FairShare.DEFAULT, agentGone, ended);
    }

    /**
     * @param fairShare whether users with less recent use go first among tasks of equal priority, and how fast use is
     *                  forgotten
     * @param leases    as above
     * @param agentGone as above
     * @param ended     as above
     */
    public Scheduler(TaskHistory store, EventHub hub, Clock clock, int maxProcesses, Duration heartbeatTimeout,
                     Leases leases, FairShare fairShare, BiConsumer<String, Long> agentGone, Consumer<TaskRecord> ended) {
        this.fairShare = fairShare;
        this.usage = new UsageLedger(fairShare.enabled() ? fairShare.halfLife() : FairShare.DEFAULT_HALF_LIFE, clock.instant());
        this.pool = new Pool(usage, fairShare.enabled());
        this.leases = leases;
        this.store = store;
        this.loop = new CommandLoop(store, clock);
        this.lifecycle = new Lifecycle(pool, loop, hub, clock, ended, this::followUp);
        this.retryTimer = new RetryTimer(pool, lifecycle, loop, clock, this::dispatch);
        this.reports = new AgentReports(pool, lifecycle, usage, retryTimer, clock, this::dispatch);
        this.channel = new AgentChannel(loop, new AgentAnswers(pool, lifecycle, reports, clock, this::dispatch));
        this.dispatcher = new Dispatcher(pool, lifecycle, loop, channel, maxProcesses, clock);
        this.drains = new Drains(pool, store, hub, clock, this::dispatch);
        this.controls = new QueueControls(pool, lifecycle, loop, store, this::dispatch);
        this.workflow = new Workflow(pool, store, loop::unsaved, lifecycle::fromWaiting, (j, why) -> lifecycle.end(j,
                j.record.toBuilder().state(TaskState.CANCELLED).endedAt(clock.instant()).heldBy(null).message(why).build()),
                lifecycle::report);
        this.cancels = new Cancels(pool, lifecycle, channel, clock, this::dispatch);
        this.arrayControls = new ArrayControls(pool, cancels, controls);
        this.recovery = new Recovery(store, pool, workflow, usage, leases, heartbeatTimeout, clock);
        this.views = new LiveViews(pool, usage, workflow, clock, fairShare.enabled(), maxProcesses);
        this.sessions = new AgentSessions(pool, lifecycle, new Reconciler(pool, lifecycle, channel, heartbeatTimeout), channel,
                drains, cancels, usage, hub, clock, agentGone, this::dispatch);
        this.liveness = new Liveness(pool, lifecycle, hub, clock, heartbeatTimeout, leases, agentGone, sessions::refreshRuntimes);
        this.clock = clock;
    }

    // ================================================================ commands (any thread)

    /** Takes back what the history has QUEUED and RUNNING (after a restart). */
    public void recover() {
        Recovery.Found found = recovery.read();
        loop.call(() -> {
            recovery.takeBack(found);
            retryTimer.releaseDue();
            dispatch();
            return null;
        });
        if (!found.isEmpty()) {
            LOG.info("Recovered {} queued and {} running tasks from the history", found.queuedRows(), found.runningRows());
        }
    }

    /** The lease agents hold their running attempts under. */
    public Leases leases() {
        return leases;
    }

    /** What the connected agents run now; read by submission without asking the scheduler thread. */
    public ConnectedRuntimes connectedRuntimes() {
        return sessions.runtimes();
    }

    /** Queues tasks already persisted as QUEUED (and announced); returns at once. */
    public void submit(List<TaskRecord> queued, List<ProgramSource> programs) {
        submit(queued, programs, java.util.Collections.nCopies(queued.size(), Map.of()));
    }

    /** Queues tasks already persisted as QUEUED, each with the submitter's environment variables; returns at once. */
    public void submit(List<TaskRecord> queued, List<ProgramSource> programs, List<Map<String, String>> environments) {
        List<Job> list = new ArrayList<>(queued.size());
        for (int i = 0; i < queued.size(); i++) {
            list.add(new Job(queued.get(i), programs.get(i), environments.get(i)));
        }
        loop.post(() -> {
            list.forEach(workflow::arrive);
            dispatch();
        });
    }

    /**
     * Queues the members of a task array already persisted as QUEUED (the first member's record for all, as
     * {@link io.taskgrid.controller.history.TaskStore#insertArray} made them: consecutive ids, one per index); members
     * beyond the array's limit, or whose dependencies are open, wait. Returns at once.
     */
    public void submitArray(TaskRecord first, io.taskgrid.api.task.TaskArray array, ProgramSource program,
                            Map<String, String> environment) {
        loop.post(() -> { // made here, not on the caller's thread: the call is answered once the array is persisted
            workflow.arrayArrived(first.id(), array);
            TaskRecord.Builder member = first.toBuilder();
            for (int k = 0; k < array.size(); k++) {
                TaskRecord r = k == 0 ? first : member.id(first.id() + k).arrayIndex(array.indexAt(k))
                        .projectId(MemberIds.projectId(first, array, k)).build();
                workflow.arrive(new Job(r, program, environment));
            }
            dispatch();
        });
    }

    /** Registers (or re-registers) an agent and reconciles its tasks; returns the session token. */
    public long registerAgent(AgentRegistration reg, AgentService service) {
        return loop.call(() -> sessions.register(reg, service));
    }

    public void heartbeat(String agentId, long token, AgentHeartbeat hb) throws UnknownAgentException {
        callAs(agentId, token, a -> sessions.heartbeat(a, hb));
    }

    public void taskStarted(String agentId, long token, TaskStart start) throws UnknownAgentException {
        callAs(agentId, token, a -> reports.started(a, start));
    }

    public void taskFinished(String agentId, long token, TaskOutcome outcome) throws UnknownAgentException {
        callAs(agentId, token, a -> reports.report(a, List.of(), List.of(outcome)));
    }

    /** Several reports of one agent in one command: the outcomes first (they free slots), then the starts. */
    public void report(String agentId, long token, List<TaskStart> starts, List<TaskOutcome> outcomes) throws UnknownAgentException {
        callAs(agentId, token, a -> reports.report(a, starts, outcomes));
    }

    /**
     * A report that takes new work in its answer (see {@link io.taskgrid.api.agent.AgentSession#reportAndTake}): what
     * is decided for this agent while the command runs goes back in the answer instead of in a call to the agent,
     * unless a call to the agent is still on its way, which the answer could overtake.
     */
    public List<TaskAssignment> reportAndTake(String agentId, long token, List<TaskStart> starts, List<TaskOutcome> outcomes)
            throws UnknownAgentException {
        return askAs(agentId, token, a -> {
            sessions.answerArrived(a);
            reports.report(a, starts, outcomes);
            return channel.takeForAnswer(a);
        });
    }

    /** Calls with assignments still on their way to the agent (0 for an unknown agent); for tests. */
    int callsOnTheWay(String agentId) {
        return loop.call(() -> {
            AgentState a = pool.agents.get(agentId);
            return a == null ? 0 : a.pushesInFlight;
        });
    }

    public void leave(String agentId, long token) {
        loop.post(() -> {
            AgentState a = pool.agents.get(agentId);
            if (a != null && a.token == token) {
                liveness.drop(a, AgentEvent.Kind.LEFT, "Agent " + agentId + " left");
                dispatch();
            }
        });
    }

    /** Cancels a queued task at once, asks the agent of a running one; returns the task as it is now. */
    public TaskRecord cancel(long taskId) throws NoSuchTaskException {
        Optional<TaskRecord> live = loop.call(() -> cancels.cancelHeld(taskId));
        return live.or(() -> store.find(taskId)).orElseThrow(() -> new NoSuchTaskException(taskId));
    }

    /**
     * Gives a queued task (held or not) another priority: it takes its new place in the queue at once, and the
     * history keeps it. Who may ask is checked by the caller.
     *
     * @throws InvalidRequestException when the task is no longer in the queue (it runs, waits on an agent, or ended)
     * @throws NoSuchTaskException     when there is no such task
     */
    public TaskRecord reprioritize(long taskId, int priority) throws InvalidRequestException, NoSuchTaskException {
        return loop.call(() -> controls.reprioritize(taskId, priority)).orThrow();
    }

    /**
     * Keeps a queued task from starting until {@link #release}; {@code by} is who asked. Holding a held task again
     * changes nothing.
     *
     * @throws InvalidRequestException when the task is no longer in the queue
     * @throws NoSuchTaskException     when there is no such task
     */
    public TaskRecord hold(long taskId, String by) throws InvalidRequestException, NoSuchTaskException {
        return loop.call(() -> controls.hold(taskId, by)).orThrow();
    }

    /** Lets a held task start again, in its place in the queue; a task not held is answered as it is. */
    public TaskRecord release(long taskId) throws InvalidRequestException, NoSuchTaskException {
        return loop.call(() -> controls.release(taskId)).orThrow();
    }

    /** Cancels every member of array {@code arrayId} that has not ended; how many the scheduler still held. */
    public int cancelArray(long arrayId, int size) {
        return loop.call(() -> dispatchAfter(arrayControls.cancel(arrayId, size)));
    }

    /** Holds every member of array {@code arrayId} that waits; how many the scheduler still held. */
    public int holdArray(long arrayId, int size, String by) {
        return loop.call(() -> dispatchAfter(arrayControls.hold(arrayId, size, by)));
    }

    /** Releases every held member of array {@code arrayId}; how many the scheduler still held. */
    public int releaseArray(long arrayId, int size) {
        return loop.call(() -> dispatchAfter(arrayControls.release(arrayId, size)));
    }

    /**
     * Those of the ids that the scheduler still holds (queued, held, running, sent ahead, or ending and not yet
     * forgotten): retention never deletes them, whatever the history says.
     */
    public java.util.Set<Long> holding(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        return loop.call(true, () -> pool.holding(ids));
    }

    /** For a queued task, why it waits; for a running one, its latest usage. Empty when the scheduler does not hold it. */
    public Optional<TaskRecord> liveView(TaskRecord fromHistory) {
        return loop.call(() -> views.liveView(fromHistory));
    }

    /**
     * {@link #liveView} for a page of the history, in its order: each task the scheduler holds as it holds it (why a
     * queued one waits, counted for the whole page at once by {@link QueuedReasons}), the others as they are. Answered
     * as soon as the scheduler thread has looked, without waiting for a commit.
     */
    public List<TaskRecord> liveViews(List<TaskRecord> fromHistory) {
        if (fromHistory.stream().allMatch(r -> r.state().isFinal())) {
            return fromHistory;
        }
        return loop.call(true, () -> views.liveViews(fromHistory));
    }

    /**
     * Drains an agent: no new task goes to it, what it holds finishes; it stays drained across its reconnections until
     * {@link #resume}. {@code by} names the administrator, for the log.
     *
     * @throws InvalidRequestException for an unknown or ambiguous agent id, or a bad reason
     */
    public AgentInfo drain(String agentIdOrPrefix, String reason, String by) throws InvalidRequestException {
        return agentAnswer(loop.call(() -> drains.drainAndAnnounce(agentIdOrPrefix, reason, by)));
    }

    /** Lets a drained agent take tasks again. @throws InvalidRequestException for an unknown or ambiguous agent id */
    public AgentInfo resume(String agentIdOrPrefix, String by) throws InvalidRequestException {
        return agentAnswer(loop.call(() -> drains.resumeAndAnnounce(agentIdOrPrefix, by)));
    }

    private static AgentInfo agentAnswer(Answer<AgentInfo> answer) throws InvalidRequestException {
        try {
            return answer.orThrow();
        } catch (NoSuchTaskException e) {
            throw new IllegalStateException(e); // a drain names no task
        }
    }

    /** The grid in a few figures, counted from what the scheduler holds. */
    public GridSummary summary() {
        return loop.call(true, views::summary);
    }

    /**
     * The waiting tasks by why they wait, the largest reason first, for {@code taskgrid status}: in a queue for a free
     * slot, sent ahead to an agent, waiting for a retry's delay, held, waiting for other tasks (or for room in an array's
     * limit). A walk over the tasks the scheduler holds.
     */
    public List<GridStatus.QueueCount> queueByReason() {
        return loop.call(true, views::queueByReason);
    }

    /** Each user's recent use and tasks now, most recent use first. */
    public UsageReport usageReport() {
        return loop.call(true, () -> usage.report(pool.jobs.values(), clock.instant(), fairShare.enabled()));
    }

    public List<AgentInfo> agents() {
        return loop.call(() -> pool.agents.values().stream().map(a -> a.info(true)).toList());
    }

    /** Running tasks now (for tests and status). */
    public int runningCount() {
        return loop.call(() -> pool.runningTasks);
    }

    /** CPUs the running tasks asked for: what the process limit counts. */
    public int runningCpus() {
        return loop.call(() -> pool.running);
    }

    /**
     * Declares agents silent for longer than the heartbeat timeout lost; re-queues unclaimed orphans. Meant to be
     * called about every quarter of the heartbeat timeout. When the previous check is more than half a timeout
     * ago, the controller itself stood still (process paused, long GC, VM frozen, scheduler backed up): the
     * heartbeats of that time could not be taken, so every agent and orphan gets a fresh heartbeat timeout
     * instead of being declared lost for the controller's own pause.
     */
    public void checkLiveness() {
        loop.post(() -> {
            liveness.check(clock.instant());
            retryTimer.releaseDue();
            dispatch();
        });
    }

    /** Stops the scheduler thread, then every agent's dispatch thread. Idempotent. */
    @Override
    public void close() {
        try {
            loop.call(() -> {
                dispatcher.stop();
                return null;
            });
        } catch (RejectedExecutionException | IllegalStateException e) {
            LOG.debug("Scheduler already stopped");
        }
        retryTimer.close();
        loop.close();
        for (AgentState a : pool.agents.values()) {
            EventHub.shutdown(a.dispatcher, Duration.ofSeconds(2));
        }
    }

    // ================================================================ scheduler thread

    private void dispatch() {
        dispatcher.dispatch();
    }

    private int dispatchAfter(int changed) {
        dispatch();
        return changed;
    }

    /** A task reached a final state: what waits for it, or for its array, is looked at again. */
    private void followUp(TaskRecord ended) {
        workflow.ended(ended);
    }

    // ================================================================ plumbing

    private interface AgentCommand {
        void run(AgentState agent);
    }

    /**
     * Runs an agent's report. One that changed nothing to persist (a start report, most heartbeats, a stale
     * outcome) is answered at once: it acknowledges nothing the history lacks and reveals no state, so the agent
     * does not wait for the commit of other commands' changes.
     */
    private void callAs(String agentId, long token, AgentCommand command) throws UnknownAgentException {
        askAs(agentId, token, a -> {
            command.run(a);
            return Boolean.TRUE;
        });
    }

    /** Like {@link #callAs}, with an answer (never null). */
    private <T> T askAs(String agentId, long token, Function<AgentState, T> command) throws UnknownAgentException {
        Optional<T> answer = loop.call(true, () -> {
            AgentState a = sessions.renewed(agentId, token);
            return a == null ? Optional.<T>empty() : Optional.of(command.apply(a));
        });
        return answer.orElseThrow(() -> new UnknownAgentException(agentId));
    }

}

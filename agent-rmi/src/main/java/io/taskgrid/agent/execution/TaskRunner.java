package io.taskgrid.agent.execution;

import io.taskgrid.agent.runtime.Runtimes;
import io.taskgrid.api.AgentBusyException;
import io.taskgrid.api.agent.HeldAttempt;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskProgress;
import io.taskgrid.api.task.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the tasks of one agent on a bounded pool of named slot threads ("taskgrid-agent-task-N"), their output drained
 * by a named pump pool ("taskgrid-agent-output-N"). The agent's {@code slots} are the CPUs it offers: a task holds the
 * CPUs it asked for while it runs ({@link CpuGate}), so at most {@code slots} tasks run at once, fewer when they ask
 * for more. It holds up to {@code queueAhead} more, first accepted, first started as their CPUs free. The memory of
 * the tasks that asked for some is watched by a {@link MemoryWatch}.
 * {@link #execute} returns at once; outcomes go to the {@link ReportSink}.
 */
public final class TaskRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private final ExecutionSettings settings;
    private final Runtimes runtimes;
    private final ReportSink sink;
    private final Clock clock;
    private final TaskEnvironment environment;
    private final ProcessTree tree;
    private final CheckCache checks = new CheckCache(CheckCache.DEFAULT_CAPACITY);
    private final ResultStore results;
    /** Tasks it holds at most: its slots plus its queue ahead. */
    private final Semaphore capacity;
    private final int queueAhead;
    private final ThreadPoolExecutor taskThreads;
    private final ExecutorService pumpThreads;
    private final CpuGate<TaskExecution> cpus;
    private final MemoryCgroups cgroups;
    private final MemoryWatch memoryWatch;
    private final Map<Long, TaskExecution> running = new ConcurrentHashMap<>();
    /** When each execution was accepted ({@link Lease#nanoTime}): one the lease ran out after is reported as stopped. */
    private final Map<TaskExecution, Long> acceptedAt = new ConcurrentHashMap<>();
    private final Lease lease;
    private final LeaseWatch leaseWatch;
    private final AtomicLong bytesProcessed = new AtomicLong();
    private volatile boolean stopping;
    private final Object closeLock = new Object();
    private boolean closed;

    public TaskRunner(ExecutionSettings settings, Runtimes runtimes, ReportSink sink, Clock clock) {
        this(settings, 0, runtimes, sink, clock);
    }

    /** @param queueAhead tasks it accepts beyond its slots, each waiting for a free slot (first accepted, first started) */
    public TaskRunner(ExecutionSettings settings, int queueAhead, Runtimes runtimes, ReportSink sink, Clock clock) {
        this(settings, queueAhead, runtimes, sink, clock, Lease.unlimited());
    }

    /**
     * @param lease the agent's lease: when it runs out, every task that runs is stopped (by the orphan guard too, also
     *              while this JVM stands still) and reported as stopped for the lease, to run again elsewhere
     */
    public TaskRunner(ExecutionSettings settings, int queueAhead, Runtimes runtimes, ReportSink sink, Clock clock, Lease lease) {
        this(settings, queueAhead, runtimes, sink, clock, lease, MemoryCgroups.detect(settings.agentId()));
    }

    /** @param cgroups where the memory of tasks that ask for some is limited by the kernel ({@link MemoryCgroups#none}: sampling) */
    TaskRunner(ExecutionSettings settings, int queueAhead, Runtimes runtimes, ReportSink sink, Clock clock, Lease lease,
               MemoryCgroups cgroups) {
        if (queueAhead < 0) {
            throw new IllegalArgumentException("queueAhead must not be negative: " + queueAhead);
        }
        this.queueAhead = queueAhead;
        this.settings = settings;
        this.runtimes = runtimes;
        this.sink = sink;
        this.clock = clock;
        this.environment = new TaskEnvironment(settings.agentEnvironment(), settings.runAs(),
                System.getProperty("user.name", "unknown"));
        this.lease = lease;
        this.tree = new ProcessTree(GroupSignals.load(), settings.kill(), environment.base(), settings.runAs(), lease);
        this.results = new ResultStore(settings.sharedRoot());
        this.capacity = new Semaphore(settings.slots() + queueAhead);
        try {
            Files.createDirectories(settings.tasksDir());
            if (settings.runAs().isPresent()) {
                // Others may pass to their own work folder, never list the others'.
                Files.setPosixFilePermissions(settings.tasksDir(), PosixFilePermissions.fromString("rwx--x--x"));
                settings.runAs().get().checkReachable(settings.tasksDir());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The work folder " + settings.tasksDir() + " cannot be created", e);
        }
        this.taskThreads = new ThreadPoolExecutor(settings.slots(), settings.slots(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads("taskgrid-agent-task"));
        this.pumpThreads = Executors.newCachedThreadPool(new NamedThreads("taskgrid-agent-output"));
        this.cpus = new CpuGate<>(settings.slots());
        this.cgroups = cgroups;
        this.leaseWatch = new LeaseWatch(lease, this::stopForLease);
        this.memoryWatch = new MemoryWatch(running::values, MemoryWatch.PERIOD);
    }

    /**
     * Accepts a task and returns at once. The same attempt sent again (a lost reply: the same token) is accepted silently.
     *
     * @throws AgentBusyException when every slot and place ahead is taken, the agent is stopping, or the task asks for
     *                             more CPUs than the agent has (a controller that counted with a stale view of it)
     */
    public void execute(TaskAssignment task) throws AgentBusyException {
        if (stopping) {
            throw new AgentBusyException("Agent " + settings.agentId() + " is stopping; the task stays queued for another agent.");
        }
        int asked = task.resources().cpus();
        if (!cpus.fits(asked)) {
            // Not a FAILED outcome: the task is fine and runs on a larger agent; its history must not say otherwise.
            LOG.warn("Agent {} refused task {}: it asks for {} CPUs and this agent offers {}.", settings.agentId(),
                    task.taskId(), asked, cpus.total());
            throw new AgentBusyException("Task " + task.taskId() + " asks for " + asked + " CPUs, more than the "
                    + cpus.total() + " agent " + settings.agentId() + " offers; it stays queued for a larger agent.");
        }
        TaskExecution existing = running.get(task.taskId());
        if (existing != null) {
            if (existing.task().token() == task.token()) {
                return;
            }
            throw new AgentBusyException("Agent " + settings.agentId() + " still runs attempt " + existing.task().attempt()
                    + " of task " + task.taskId() + "; cancel it before sending attempt " + task.attempt() + ".");
        }
        if (!capacity.tryAcquire()) {
            throw new AgentBusyException("All " + settings.slots() + " slots of agent " + settings.agentId()
                    + (queueAhead > 0 ? " and its " + queueAhead + " places ahead" : "") + " are busy; the task stays queued.");
        }
        TaskExecution execution = new TaskExecution(task, settings, runtimes, environment, tree, checks, pumpThreads, results, clock,
                new Callbacks(), cgroups);
        acceptedAt.put(execution, lease.nanoTime());
        if (running.putIfAbsent(task.taskId(), execution) != null) {
            acceptedAt.remove(execution);
            capacity.release();
            return; // the same task arrived twice at the same moment
        }
        List<TaskExecution> admitted = cpus.offer(execution, asked);
        if (!start(admitted, execution)) {
            throw new AgentBusyException("Agent " + settings.agentId() + " is stopping; the task stays queued for another agent.");
        }
    }

    /**
     * Hands what the CPU gate let through to the slot threads (there is always one for each: every task holds at least
     * one CPU). One refused because the agent stops never runs: {@code own}, the task being accepted, is taken back
     * (false), any other ends cancelled.
     */
    private boolean start(List<TaskExecution> admitted, TaskExecution own) {
        boolean ownStarted = true;
        for (TaskExecution e : admitted) {
            try {
                taskThreads.execute(e);
            } catch (RejectedExecutionException ex) {
                if (e == own) {
                    forget(e);
                    ownStarted = false;
                } else {
                    endUnstarted(e, "agent stopped");
                }
            }
        }
        return ownStarted;
    }

    /** An execution that never reached a slot thread ends here, cancelled with {@code reason}. */
    private void endUnstarted(TaskExecution execution, String reason) {
        if (forget(execution)) {
            sink.taskFinished(TaskOutcome.cancelledBeforeStart(execution.task(),
                    reason == null || reason.isBlank() ? "Cancelled." : reason, clock.instant()));
        }
    }

    /** Drops an execution that never ran from what the runner holds; false when it was not held. */
    private boolean forget(TaskExecution execution) {
        if (!running.remove(execution.task().taskId(), execution)) {
            return false;
        }
        acceptedAt.remove(execution);
        capacity.release();
        return true;
    }

    /**
     * Kills the process tree of the attempt {@code token} of a task; its CANCELLED outcome follows through the sink.
     * False when that attempt does not run here: a cancel that names another attempt of the task is refused, so that
     * a late one never stops the attempt the controller gave this agent since.
     */
    public boolean cancel(long taskId, long token, String reason) {
        TaskExecution execution = current(taskId, token, "cancel");
        if (execution == null) {
            return false;
        }
        if (takeOffTheQueue(execution)) { // held ahead: it ends now, not once its CPUs free (issue 20)
            sink.taskFinished(TaskOutcome.cancelledBeforeStart(execution.task(),
                    reason == null || reason.isBlank() ? "Cancelled." : reason, clock.instant()));
            return true;
        }
        return execution.cancel(reason);
    }

    /**
     * Removes an execution that has not started: one waiting for its CPUs, or let through but not yet on a slot thread
     * (its CPUs freed again). What waited behind it and now fits starts. False when it started (or is not held).
     */
    private boolean takeOffTheQueue(TaskExecution execution) {
        List<TaskExecution> next = new ArrayList<>();
        if (!cpus.withdraw(execution, next)) {
            if (!taskThreads.remove(execution)) {
                return false;
            }
            next.addAll(cpus.release(execution.task().resources().cpus()));
        }
        forget(execution);
        start(next, null);
        return true;
    }

    /** The execution of that attempt, or null (logged when the task runs here under another token). */
    private TaskExecution current(long taskId, long token, String what) {
        TaskExecution execution = running.get(taskId);
        if (execution == null) {
            return null;
        }
        if (execution.task().token() != token) {
            LOG.warn("Agent {} refused a {} of task {} for attempt token {}: it holds attempt {} of that task under token {}.",
                    settings.agentId(), what, taskId, token, execution.task().attempt(), execution.task().token());
            return null;
        }
        return execution;
    }

    /** The lease ran out: stops every task accepted before (the orphan guard killed their groups already, or will). */
    private void stopForLease() {
        String why = lease.stoppedSentence(settings.agentId());
        List<TaskExecution> stopped = new ArrayList<>();
        for (TaskExecution e : running.values()) {
            Long since = acceptedAt.get(e);
            if (since != null && lease.lapsedSince(since) && e.cancel(why)) {
                stopped.add(e);
            }
        }
        if (!stopped.isEmpty()) {
            LOG.warn("Agent {} could not reach the controller for {} s: it stopped {} tasks ({}); the controller runs them"
                    + " again.", settings.agentId(), lease.length().toSeconds(), stopped.size(),
                    stopped.stream().map(e -> e.task().taskId()).toList());
        }
    }

    /**
     * The outcome to report: the program's own, unless the lease ran out while the task was held here; then the
     * controller runs it again (or already did), so it is reported as stopped, never as this agent's outcome.
     */
    private TaskOutcome reported(TaskExecution execution, TaskOutcome outcome) {
        Long since = acceptedAt.remove(execution);
        if (since == null || outcome.state() == TaskState.QUEUED || !lease.lapsedSince(since)) {
            return outcome;
        }
        String why = lease.stoppedSentence(settings.agentId());
        if (outcome.startedAt() == null) {
            return TaskOutcome.givenBack(execution.task(), why);
        }
        return TaskOutcome.stoppedForLease(outcome.taskId(), outcome.attempt(), outcome.token(), outcome.startedAt(), outcome.endedAt(), why);
    }

    /** Takes back an attempt held ahead that no slot started yet; false when it started or is not here. */
    public boolean withdraw(long taskId, long token) {
        TaskExecution execution = current(taskId, token, "withdrawal");
        return execution != null && takeOffTheQueue(execution);
    }

    /** The attempts it holds, running or waiting for a slot. */
    public List<HeldAttempt> held() {
        return running.values().stream().map(e -> HeldAttempt.of(e.task())).toList();
    }

    /** How the memory requests of tasks are held, in words: "by the kernel (…)" or "by sampling …". */
    public String memoryEnforcement() {
        return cgroups.describe();
    }

    public int runningCount() {
        return running.size();
    }

    /** Bytes of program and data staged plus bytes read by finished programs, since start. */
    public long bytesProcessed() {
        return bytesProcessed.get();
    }

    /** Measures every running task's process tree now (for heartbeats); a task not measured yet is left out. */
    public List<TaskProgress> progress() {
        List<TaskProgress> list = new ArrayList<>();
        for (TaskExecution e : running.values()) {
            e.sampleUsage().ifPresent(usage -> list.add(new TaskProgress(e.task().taskId(), e.task().token(), usage)));
        }
        return list;
    }

    /**
     * Refuses new work and cancels every running task with {@code reason}, then waits up to {@code wait}
     * for their outcomes to be handed to the sink. Returns whether all finished in time.
     */
    public boolean stopAll(String reason, Duration wait) throws InterruptedException {
        stopping = true;
        for (TaskExecution e : cpus.close()) { // never started: none waits for CPUs that free as the others end
            endUnstarted(e, reason);
        }
        taskThreads.shutdown();
        for (TaskExecution e : running.values()) {
            e.cancel(reason);
        }
        return taskThreads.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Idempotent: cancels what still runs ("agent stopped"), waits briefly, then stops the threads. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (!stopAll("agent stopped", Duration.ofSeconds(15))) {
                LOG.warn("Some tasks did not end within 15 s of the agent stopping; their threads are interrupted.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leaseWatch.close();
        memoryWatch.close();
        taskThreads.shutdownNow();
        pumpThreads.shutdownNow();
        tree.close(); // stops the orphan guard: every task ended above
        cgroups.close();
    }

    private final class Callbacks implements TaskExecution.Callbacks {
        @Override
        public void started(TaskExecution execution, Instant at) {
            sink.taskStarted(execution.task(), at);
        }

        /**
         * A task that waited for a slot (or was staged) while the lease ran out never starts: the controller runs it
         * again elsewhere once the lease ended, and a slot that freed as the agent came back from a pause must not
         * start it beside that run.
         */
        @Override
        public void beforeStart(TaskExecution execution) {
            Long since = acceptedAt.get(execution);
            if (since != null && lease.lapsedSince(since)) {
                execution.cancel(lease.stoppedSentence(settings.agentId()));
            }
        }

        @Override
        public void bytesStaged(long bytes) {
            bytesProcessed.addAndGet(bytes);
        }

        @Override
        public void finished(TaskExecution execution, TaskOutcome outcome) {
            bytesProcessed.addAndGet(outcome.usage().bytesRead());
            running.remove(execution.task().taskId(), execution);
            capacity.release();
            start(cpus.release(execution.task().resources().cpus()), null);
            sink.taskFinished(reported(execution, outcome));
        }
    }
}

package io.taskgrid.agent;

import io.taskgrid.agent.execution.Lease;
import io.taskgrid.agent.execution.ReportSink;
import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.HistoryUnavailableException;
import io.taskgrid.api.UnknownAgentException;
import io.taskgrid.api.agent.AgentHeartbeat;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.AgentSession;
import io.taskgrid.api.agent.HeldAttempt;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskStart;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.transport.RmiTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.ServerException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agent's side of its session with the controller, all on one named thread
 * ("taskgrid-agent-link"): registration with backoff, heartbeats at a fixed rate, and the queue of
 * started/finished reports, each removed only once the controller took it, so that a report that could not
 * be delivered is sent after the next registration, exactly once from this side.
 */
final class ControllerLink implements ReportSink {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerLink.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Reports sent in one call at most. */
    static final int MAX_BATCH = 256;
    /**
     * How long a start report alone waits for company. A short program's outcome comes within it and carries the
     * start time itself, so a trivial task costs one call to the controller instead of two; a long program's start is
     * known a moment later, which changes nothing the controller decides (it counts a task as running from its
     * dispatch, and a start report only corrects the time). {@code -Dtaskgrid.agent.startHoldMillis=N} changes it.
     */
    static final Duration START_HOLD = Duration.ofMillis(10);
    /** How long reports wait before they go again to a controller whose history took no writes. */
    static final Duration HISTORY_RETRY = Duration.ofSeconds(2);
    static final String START_HOLD_PROPERTY = "taskgrid.agent.startHoldMillis";

    /** A report waiting for delivery. */
    private sealed interface Report permits Started, Finished {
    }

    private record Started(TaskStart start) implements Report {
    }

    private record Finished(TaskOutcome outcome) implements Report {
    }

    private final AgentConfig config;
    private final RmiTransport transport;
    private final Supplier<AgentRegistration> registration;
    private final Supplier<AgentHeartbeat> heartbeat;
    private final ScheduledExecutorService thread;
    private final Queue<Report> reports = new ConcurrentLinkedQueue<>();
    private final OutcomeSpool spool;
    private final Lease lease;
    private final long startHoldMillis;
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition registeredChanged = stateLock.newCondition();
    private boolean registered;             // guarded by stateLock
    private boolean closed;                 // guarded by stateLock

    // Only touched on the link thread:
    private AgentService stub;
    private Function<List<TaskAssignment>, List<TaskOutcome>> taker;
    private AgentSession session;
    private boolean registrationPending;
    private int failedAttempts;
    /** Outcomes in {@link #reports} that are also in the spool (keys "task-attempt"). */
    private final Set<String> keptOnDisk = new HashSet<>();

    /**
     * @param spool where outcomes wait for delivery on disk; those an earlier run of this agent kept are queued
     *              now, delivered after the first registration and claimed in it
     */
    ControllerLink(AgentConfig config, RmiTransport transport, OutcomeSpool spool, Supplier<AgentRegistration> registration,
                   Supplier<AgentHeartbeat> heartbeat) {
        this(config, transport, spool, Lease.unlimited(), registration, heartbeat);
    }

    /**
     * @param lease renewed after every call the controller answered, from when the call was sent; its length is the
     *              one the controller names at registration
     */
    ControllerLink(AgentConfig config, RmiTransport transport, OutcomeSpool spool, Lease lease,
                   Supplier<AgentRegistration> registration, Supplier<AgentHeartbeat> heartbeat) {
        this.lease = lease;
        this.config = config;
        this.transport = transport;
        this.spool = spool;
        this.startHoldMillis = Math.max(0, Long.getLong(START_HOLD_PROPERTY, START_HOLD.toMillis()));
        List<TaskOutcome> kept = spool.load();
        kept.forEach(o -> {
            reports.add(new Finished(o));
            keptOnDisk.add(key(o));
        });
        if (!kept.isEmpty()) {
            LOG.info("{} outcomes of tasks that ended while the controller was away wait in {}; they are delivered once"
                    + " the agent is registered.", kept.size(), spool.folder());
        }
        this.registration = registration;
        this.heartbeat = heartbeat;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "taskgrid-agent-link");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /**
     * Starts registering (in the background) and heartbeating once registered.
     *
     * @param taker takes the tasks the controller gives in its answers to reports, and returns the outcomes of
     *              those it gives back
     */
    void start(AgentService exportedStub, Function<List<TaskAssignment>, List<TaskOutcome>> taker) {
        submit(() -> {
            this.stub = exportedStub;
            this.taker = taker;
            scheduleRegistration(Duration.ZERO);
        });
        long every = config.heartbeatInterval().toMillis();
        thread.scheduleAtFixedRate(guarded("heartbeat", this::sendHeartbeat), every, every, TimeUnit.MILLISECONDS);
    }

    boolean awaitRegistered(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        stateLock.lock();
        try {
            while (!registered) {
                if (closed || nanos <= 0) {
                    return false;
                }
                nanos = registeredChanged.awaitNanos(nanos);
            }
            return true;
        } finally {
            stateLock.unlock();
        }
    }

    @Override
    public void taskStarted(TaskAssignment task, Instant startedAt) {
        reports.add(new Started(new TaskStart(task.taskId(), task.attempt(), task.token(), startedAt)));
        try {
            thread.schedule(guarded("report", this::deliverReports), startHoldMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping: what is queued is delivered by close(), if it can be.
        }
    }

    @Override
    public void taskFinished(TaskOutcome outcome) {
        // Kept on disk only if it cannot be delivered now (see keepUndelivered): the common case costs no file.
        reports.add(new Finished(outcome));
        submit(this::deliverReports);
    }

    /**
     * Delivers what is still queued and leaves the session, waiting at most {@code wait}; then stops the
     * thread. Idempotent.
     */
    void close(Duration wait) {
        stateLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            registeredChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        try {
            Future<?> leaving = thread.submit(guarded("leave", this::leave));
            leaving.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException e) {
            LOG.warn("Could not leave the controller's session cleanly: {}", e.toString());
        } catch (TimeoutException e) {
            LOG.warn("The controller at {} did not take the last reports within {} s; stopping without them.",
                    config.controllerAddress(), wait.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread.shutdownNow();
        }
    }

    private boolean isClosed() {
        stateLock.lock();
        try {
            return closed;
        } finally {
            stateLock.unlock();
        }
    }

    private void setRegistered(boolean value) {
        stateLock.lock();
        try {
            registered = value;
            registeredChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    // ---- on the link thread ----

    private void scheduleRegistration(Duration delay) {
        if (registrationPending || isClosed()) {
            return;
        }
        registrationPending = true;
        try {
            thread.schedule(guarded("registration", this::register), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            registrationPending = false; // stopping
        }
    }

    private void register() {
        registrationPending = false;
        if (isClosed() || session != null) {
            return;
        }
        AgentRegistration hello = withUndeliveredOutcomes(registration.get());
        try {
            ControllerService controller = (ControllerService) transport
                    .registry(config.controllerHost(), config.controllerPort(), CONNECT_TIMEOUT)
                    .lookup(ControllerService.REGISTRY_NAME);
            long sent = lease.nanoTime();
            session = controller.registerAgent(hello, stub);
            learnLease();
            lease.renewed(sent);
            failedAttempts = 0;
            LOG.info("Agent {} registered with the controller at {} ({} slots, runtimes: {}).", hello.agentId(),
                    config.controllerAddress(), hello.slots(), hello.runtimes().stream()
                            .map(r -> r.language().displayName()).toList());
            setRegistered(true);
            deliverReports();
        } catch (RemoteException | NotBoundException e) {
            session = null; // registered, but the lease is unknown: a guess could outlast the controller's count
            retryLater("does not answer (" + reason(e) + ")");
        } catch (AccessDeniedException | InvalidRequestException e) {
            retryLater("refused this agent: " + e.getMessage());
        } catch (ClassCastException e) {
            retryLater("binds something else than a TaskGrid controller under " + ControllerService.REGISTRY_NAME);
        }
    }

    /** The lease the controller names (it may have changed across a restart of the controller). */
    private void learnLease() throws RemoteException {
        long millis = session.leaseMillis();
        if (millis > 0 && millis != lease.length().toMillis()) {
            lease.setLength(Duration.ofMillis(millis));
            LOG.info("The controller holds this agent's running tasks under a lease of {} s: without its answers for that"
                    + " long, the agent stops them, and the controller runs them again.", millis / 1000.0);
        }
    }

    /**
     * A task that ended while the controller was away is still running as far as the controller knows; it
     * must be claimed at registration, or the controller re-queues it and it runs twice before its outcome
     * (delivered right after) arrives as stale.
     */
    private AgentRegistration withUndeliveredOutcomes(AgentRegistration hello) {
        List<HeldAttempt> claimed = new ArrayList<>(hello.held());
        for (Report r : reports) {
            // Not one it stopped for its lease or gave back: the controller runs that again, at once when not claimed.
            if (r instanceof Finished f && f.outcome().state() != TaskState.QUEUED
                    && claimed.stream().noneMatch(h -> h.taskId() == f.outcome().taskId())) {
                claimed.add(HeldAttempt.of(f.outcome()));
            }
        }
        if (claimed.size() == hello.held().size()) {
            return hello;
        }
        return hello.withHeld(claimed);
    }

    /**
     * An attempt whose outcome waits for delivery is still held: listed, the controller does not take it for one this
     * agent lost without an outcome.
     */
    private AgentHeartbeat withUndeliveredOutcomes(AgentHeartbeat beat) {
        if (beat.held() == null) {
            return beat;
        }
        List<HeldAttempt> held = new ArrayList<>(beat.held());
        for (Report r : reports) {
            if (r instanceof Finished f) {
                held.add(HeldAttempt.of(f.outcome()));
            }
        }
        return held.size() == beat.held().size() ? beat : beat.holding(held);
    }

    private void retryLater(String problem) {
        Duration delay = backoff(failedAttempts++);
        LOG.warn("The controller at {} {}; retrying in {} s.", config.controllerAddress(), problem, delay.toSeconds());
        scheduleRegistration(delay);
    }

    /** 1 s, 2 s, 4 s, 8 s, then 15 s. */
    static Duration backoff(int failedAttempts) {
        long seconds = 1L << Math.min(failedAttempts, 4);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    private void sendHeartbeat() {
        if (session == null) {
            return;
        }
        try {
            long sent = lease.nanoTime();
            session.heartbeat(withUndeliveredOutcomes(heartbeat.get()));
            lease.renewed(sent);
        } catch (UnknownAgentException | RemoteException e) {
            lost(e);
        }
    }

    /**
     * Sends what is queued, in batches of up to {@link #MAX_BATCH} reports per call: while one call is on the wire,
     * the reports of the next tasks gather behind it.
     */
    private void deliverReports() {
        if (session == null) {
            keepUndelivered();
            return;
        }
        while (session != null && !reports.isEmpty()) {
            List<Report> batch = new ArrayList<>();
            for (Report r : reports) {
                batch.add(r);
                if (batch.size() == MAX_BATCH) {
                    break;
                }
            }
            List<TaskStart> starts = new ArrayList<>();
            List<TaskOutcome> outcomes = new ArrayList<>();
            for (Report r : batch) {
                if (r instanceof Started s) {
                    if (!finishedIn(batch, s)) { // the outcome carries startedAt too: one report instead of two
                        starts.add(s.start());
                    }
                } else if (r instanceof Finished f) {
                    outcomes.add(f.outcome());
                }
            }
            List<TaskAssignment> more = List.of();
            try {
                if (!starts.isEmpty() || !outcomes.isEmpty()) {
                    long sent = lease.nanoTime();
                    more = session.reportAndTake(starts, outcomes);
                    lease.renewed(sent);
                }
            } catch (ServerException e) {
                if (!(e.getCause() instanceof HistoryUnavailableException unavailable)) {
                    keepUndelivered();
                    lost(e);
                    return;
                }
                // The controller is there but cannot write its history (disk full): the session holds; the reports
                // wait on disk and go again shortly.
                keepUndelivered();
                LOG.warn("{} The {} reports are sent again in {} s.", unavailable.getMessage(), batch.size(),
                        HISTORY_RETRY.toSeconds());
                thread.schedule(guarded("report", this::deliverReports), HISTORY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (UnknownAgentException | RemoteException e) {
                keepUndelivered();
                lost(e);
                return;
            } catch (RuntimeException e) {
                LOG.error("The controller failed on {} reports; they are dropped.", batch.size(), e);
            }
            for (int i = 0; i < batch.size(); i++) {
                reports.poll();
            }
            outcomes.forEach(this::forget);
            if (!more.isEmpty()) { // taken before the next report: the controller counts on that order
                taker.apply(more).forEach(o -> reports.add(new Finished(o)));
            }
        }
    }

    /** Puts on disk every queued outcome that is not there yet: the controller is away, they may wait long. */
    private void keepUndelivered() {
        for (Report r : reports) {
            if (r instanceof Finished f && keptOnDisk.add(key(f.outcome()))) {
                spool.keep(f.outcome());
            }
        }
    }

    private void forget(TaskOutcome delivered) {
        if (keptOnDisk.remove(key(delivered))) {
            spool.remove(delivered);
        }
    }

    private static String key(TaskOutcome o) {
        return o.taskId() + "-" + o.attempt() + "-" + o.token();
    }

    /** Whether the outcome of the same attempt goes in the same batch as this start report. */
    private static boolean finishedIn(List<Report> batch, Started s) {
        for (Report r : batch) {
            if (r instanceof Finished f && f.outcome().taskId() == s.start().taskId() && f.outcome().token() == s.start().token()) {
                return true;
            }
        }
        return false;
    }

    private void lost(Exception e) {
        session = null;
        setRegistered(false);
        if (isClosed()) {
            return;
        }
        LOG.warn("The session with the controller at {} ended ({}); registering again.", config.controllerAddress(), reason(e));
        scheduleRegistration(Duration.ZERO);
    }

    private void leave() {
        deliverReports();
        keepUndelivered();
        if (!reports.isEmpty()) {
            LOG.warn("{} reports could not be delivered to the controller at {} before the agent stopped; the outcomes"
                    + " among them wait in {} for the agent's next start.", reports.size(), config.controllerAddress(), spool.folder());
        }
        if (session != null) {
            try {
                session.leave();
            } catch (RemoteException e) {
                LOG.warn("Could not tell the controller at {} that this agent leaves ({}).", config.controllerAddress(), reason(e));
            }
            session = null;
        }
        setRegistered(false);
    }

    private void submit(Runnable action) {
        try {
            thread.execute(guarded("report", action));
        } catch (RejectedExecutionException e) {
            // Stopping: what is queued is delivered by close(), if it can be.
        }
    }

    private static Runnable guarded(String what, Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("The agent's {} step failed; it will run again at its next turn.", what, e);
            }
        };
    }

    /** The innermost message: "Connection refused" rather than RMI's nested text. */
    static String reason(Throwable e) {
        if (e instanceof NotBoundException) {
            return "no TaskGrid controller is bound there";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        int cut = message.indexOf(';');
        return cut > 0 && root instanceof RemoteException ? message.substring(0, cut) : message;
    }
}

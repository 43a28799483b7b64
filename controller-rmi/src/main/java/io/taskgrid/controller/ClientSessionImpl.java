package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.client.GridStatus;
import io.taskgrid.api.client.GridSummary;
import io.taskgrid.api.client.PurgeReport;
import io.taskgrid.api.client.UsageReport;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.dedup.DuplicateCheck;
import io.taskgrid.controller.history.StoreException;
import io.taskgrid.controller.retention.HistoryRetention;
import io.taskgrid.controller.submission.ConnectedRuntimes;
import io.taskgrid.controller.submission.SubmissionValidator;
import io.taskgrid.controller.submission.Verdict;

import java.rmi.AccessException;
import java.rmi.RemoteException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One client's session: everything a client may do goes through here. */
final class ClientSessionImpl implements ClientSession {
    /** How long an administrator's purge runs within the call (clients wait 60 s for an answer); the rest runs on. */
    static final Duration PURGE_WITHIN_CALL = Duration.ofSeconds(30);

    private final ClientInfo info;
    private final Grid grid;
    private final Authenticator authenticator;
    private final Authenticator.Login login;
    private final RunningOutput runningOutput;
    private final ArrayCalls arrays;
    /** When the client was last heard (any call), in the grid clock's millis. */
    private volatile long heardAt;
    /**
     * Whether silence beyond the lease ends the session: from the start for the console and the desktop (client-core
     * renews for them, and one killed before its first renewal must not stay for ever), for a script from its first
     * {@link #renew}.
     */
    private volatile boolean leased;

    ClientSessionImpl(ClientInfo info, Grid grid, Authenticator authenticator, Authenticator.Login login) {
        this.info = info;
        this.grid = grid;
        this.authenticator = authenticator;
        this.login = login;
        this.runningOutput = new RunningOutput(java.nio.file.Path.of(grid.sharedRoot()));
        this.arrays = new ArrayCalls(grid);
        this.heardAt = grid.clock().millis();
        this.leased = info.kind() != ClientKind.SCRIPT;
    }

    /**
     * The address rules apply to every call: a session stub that leaked to another host is no way in. A call that
     * passes counts as a word from the client for its lease.
     */
    private void checkCaller(String operation) throws AccessException {
        authenticator.checkClientCall(Callers.host(), operation);
        heardAt = grid.clock().millis();
    }

    /** How long the client has been silent at {@code now} (millis of the grid's clock); 0 for a session not leased. */
    long silentFor(long now) {
        return leased ? Math.max(0, now - heardAt) : 0;
    }

    /** @param what what only an administrator may do, as a verb phrase: "list agents", "drain agents" */
    private void checkAdmin(String what) throws AccessException, AccessDeniedException {
        checkCaller(what);
        if (!login.admin()) {
            throw new AccessDeniedException("Only an administrator may " + what + "; user " + info.user()
                    + " is not one. Log in as an admin user (taskgrid user add NAME --admin).");
        }
    }

    ClientInfo clientInfo() {
        return info;
    }

    @Override
    public ControllerInfo info() throws RemoteException {
        checkCaller("info");
        return new ControllerInfo(info.id(), grid.sharedRoot(), grid.maxProcesses(), Version.PROTOCOL);
    }

    @Override
    public TaskRecord submit(TaskSpec spec) throws RemoteException {
        return submitAll(List.of(Objects.requireNonNull(spec, "spec"))).get(0);
    }

    @Override
    public List<TaskRecord> submitAll(List<TaskSpec> specs) throws RemoteException {
        checkCaller("submit");
        Objects.requireNonNull(specs, "specs");
        if (specs.stream().noneMatch(s -> s != null && s.array() != null)) {
            return submitTasks(specs);
        }
        List<TaskRecord> out = new ArrayList<>(specs.size());
        for (TaskSpec spec : specs) {
            Objects.requireNonNull(spec, "A list of specs must not contain null.");
            out.addAll(spec.array() == null ? submitTasks(List.of(spec)) : List.of(submitArray(spec)));
        }
        return out;
    }

    /**
     * A task array: validated once, recorded in one transaction (its members copied by SQLite), announced as its first
     * member, queued as a whole. Not checked for duplicates: its members differ only by their index. A refused one is
     * recorded as one REJECTED task, with the sentence why.
     */
    private TaskRecord submitArray(TaskSpec spec) throws RemoteException {
        ConnectedRuntimes runtimes = grid.scheduler().connectedRuntimes();
        Instant now = grid.clock().instant();
        Verdict v = DependencyRule.apply(spec, PriorityRule.apply(login, info.user(), spec,
                grid.validator().validate(spec, runtimes)), grid.store());
        if (!v.accepted()) {
            return submitTasks(List.of(spec)).get(0); // refused again there, as one task with the sentence why
        }
        TaskRecord draft = draft(spec, v, now);
        TaskRecord first;
        try {
            first = grid.store().insertArray(draft, spec.program(), spec.environment(), spec.array());
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("queue the array of " + spec.array().size() + " tasks; none was queued", e);
        }
        grid.hub().publishTasks(List.of(first));
        grid.scheduler().submitArray(first, spec.array(), spec.program(), spec.environment());
        return first;
    }

    /** The task as the history first records it, queued or refused as the verdict says. */
    private TaskRecord draft(TaskSpec spec, Verdict v, Instant now) {
        return TaskRecord.builder()
                .project(spec.project())
                .projectId(spec.projectId())
                .program(spec.program().describe())
                .language(v.language())
                .arguments(spec.arguments())
                .dataPath(spec.dataPath())
                .email(spec.email())
                .timeout(v.timeout())
                .priority(spec.priority())
                .state(v.accepted() ? TaskState.QUEUED : TaskState.REJECTED)
                .message(v.rejection())
                .submittedAt(now)
                .endedAt(v.accepted() ? null : now)
                .clientUser(info.user())
                .clientHost(info.host())
                .attempt(1)
                .heldBy(v.accepted() && spec.hold() ? info.user() : null)
                .requirements(v.requirements())
                .resources(spec.resources())
                .retry(spec.retry())
                .after(v.accepted() ? spec.after() : List.of())
                .build();
    }

    private List<TaskRecord> submitTasks(List<TaskSpec> specs) throws RemoteException {
        ConnectedRuntimes runtimes = grid.scheduler().connectedRuntimes();
        Instant now = grid.clock().instant();
        List<TaskRecord> drafts = new ArrayList<>(specs.size());
        List<ProgramSource> programs = new ArrayList<>(specs.size());
        List<String> fingerprints = new ArrayList<>(specs.size());
        List<Map<String, String>> environments = new ArrayList<>(specs.size());
        for (TaskSpec spec : specs) {
            Objects.requireNonNull(spec, "A list of specs must not contain null.");
            Verdict v = DependencyRule.apply(spec, PriorityRule.apply(login, info.user(), spec,
                    grid.validator().validate(spec, runtimes)), grid.store());
            TaskRecord draft = draft(spec, v, now);
            // Every accepted task gets a fingerprint, so a forced rerun that succeeds is found by the next one.
            String fingerprint = v.accepted() ? grid.duplicates().fingerprint(spec, v) : null;
            if (fingerprint != null && !spec.force()) {
                TaskRecord earlier = grid.duplicates().earlier(fingerprint).orElse(null);
                // A duplicate points at the earlier result: only at one this user may see, else the task runs.
                if (earlier != null && grid.access().maySee(login, earlier)) {
                    draft = DuplicateCheck.duplicate(draft, earlier);
                }
            }
            drafts.add(draft);
            programs.add(spec.program());
            fingerprints.add(fingerprint);
            environments.add(v.accepted() ? spec.environment() : Map.of()); // a refused one's values are not kept
        }
        List<TaskRecord> saved;
        try {
            saved = grid.store().insertAll(drafts, programs, fingerprints, environments);
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("queue the " + (drafts.size() == 1 ? "task" : drafts.size() + " tasks")
                    + "; none was queued", e);
        }
        grid.hub().publishTasks(saved);
        saved.stream().filter(t -> t.state() == TaskState.DUPLICATE).forEach(grid.mail()::taskEnded);
        List<TaskRecord> queued = new ArrayList<>();
        List<ProgramSource> queuedPrograms = new ArrayList<>();
        List<Map<String, String>> queuedEnvironments = new ArrayList<>();
        for (int i = 0; i < saved.size(); i++) {
            if (saved.get(i).state() == TaskState.QUEUED) {
                queued.add(saved.get(i));
                queuedPrograms.add(programs.get(i));
                queuedEnvironments.add(environments.get(i));
            }
        }
        if (!queued.isEmpty()) {
            grid.scheduler().submit(queued, queuedPrograms, queuedEnvironments);
        }
        return saved;
    }

    @Override
    public TaskRecord task(long taskId) throws NoSuchTaskException, AccessException {
        checkCaller("task");
        TaskRecord r = grid.store().find(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
        if (!r.state().isFinal()) {
            r = runningOutput.withOutputSoFar(grid.scheduler().liveView(r).orElse(r));
        }
        return grid.access().view(login, r);
    }

    @Override
    public TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes)
            throws AccessException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        checkCaller("output");
        if (stdoutOffset < 0 || stderrOffset < 0) {
            throw new InvalidRequestException("Offset " + Math.min(stdoutOffset, stderrOffset) + " is no place in the output of task "
                    + taskId + ": offsets count bytes from 0.");
        }
        if (maxBytes < 1) {
            throw new InvalidRequestException("Ask for at least 1 byte of the output of task " + taskId + ", not " + maxBytes
                    + " (at most " + TaskOutput.MAX_BYTES + " come in one call).");
        }
        TaskRecord r = grid.store().find(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
        if (!r.state().isFinal()) {
            r = grid.scheduler().liveView(r).orElse(r);
        }
        // The state is taken before the files are read: a final one means the agent has written all there is.
        grid.access().checkOutput(login, info.host(), r);
        return runningOutput.read(r, stdoutOffset, stderrOffset, maxBytes);
    }

    @Override
    public ProgramSource program(long taskId) throws AccessException, NoSuchTaskException, AccessDeniedException {
        checkCaller("program");
        TaskRecord r = grid.store().find(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
        grid.access().checkProgram(login, info.host(), r);
        // A task refused before it was stored with its program (none today) has none to give.
        return grid.store().program(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
    }

    @Override
    public List<TaskAttempt> attempts(long taskId) throws AccessException, NoSuchTaskException {
        checkCaller("attempts");
        List<TaskAttempt> attempts = grid.store().attempts(taskId);
        if (attempts.isEmpty() && grid.store().find(taskId).isEmpty()) {
            throw new NoSuchTaskException(taskId);
        }
        return attempts;
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) throws AccessException {
        checkCaller("history");
        List<TaskRecord> page = grid.store().history(query == null ? HistoryQuery.newest(HistoryQuery.DEFAULT_LIMIT) : query);
        // Queued rows say why they wait, as `show` does (the scheduler counts for the whole page at once).
        return grid.access().view(login, grid.scheduler().liveViews(page));
    }

    @Override
    public TaskRecord cancel(long taskId) throws NoSuchTaskException, RemoteException, AccessDeniedException {
        checkCaller("cancel");
        TaskRecord task = grid.store().find(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
        grid.access().checkControl(login, info.host(), task, "cancel");
        try {
            return grid.scheduler().cancel(taskId);
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("record the cancel of task " + taskId + "; it is cancelled once the history"
                    + " takes writes again", e);
        }
    }

    @Override
    public TaskRecord reprioritize(long taskId, int priority)
            throws NoSuchTaskException, RemoteException, AccessDeniedException, InvalidRequestException {
        return changeQueued(taskId, "change the priority of", "new priority", () -> {
            if (priority < SubmissionValidator.MIN_PRIORITY || priority > SubmissionValidator.MAX_PRIORITY) {
                throw new InvalidRequestException("The priority " + priority + " is outside " + SubmissionValidator.MIN_PRIORITY
                        + " to " + SubmissionValidator.MAX_PRIORITY + "; higher runs first, 0 is the default.");
            }
            String raise = PriorityRule.refusal(login, info.user(), priority);
            if (raise != null) {
                throw new AccessDeniedException(raise);
            }
            return grid.scheduler().reprioritize(taskId, priority);
        });
    }

    @Override
    public TaskRecord hold(long taskId) throws NoSuchTaskException, RemoteException, AccessDeniedException, InvalidRequestException {
        return changeQueued(taskId, "hold", "hold", () -> grid.scheduler().hold(taskId, info.user()));
    }

    @Override
    public TaskRecord release(long taskId) throws NoSuchTaskException, RemoteException, AccessDeniedException, InvalidRequestException {
        return changeQueued(taskId, "release", "release", () -> grid.scheduler().release(taskId));
    }

    /** A change of a waiting task, made by the scheduler; may refuse. */
    private interface QueueChange {
        TaskRecord apply() throws NoSuchTaskException, AccessDeniedException, InvalidRequestException;
    }

    /**
     * What hold, release and a new priority share: the caller's address checked, the task found, only its owner or an
     * administrator let through, the answer as the caller may see it, and a history that takes no write said so.
     *
     * @param action    as the refusal names it: "hold", "change the priority of"
     * @param recording as a history failure names it: "hold", "new priority"
     */
    private TaskRecord changeQueued(long taskId, String action, String recording, QueueChange change)
            throws NoSuchTaskException, RemoteException, AccessDeniedException, InvalidRequestException {
        checkCaller(action);
        TaskRecord task = grid.store().find(taskId).orElseThrow(() -> new NoSuchTaskException(taskId));
        grid.access().checkControl(login, info.host(), task, action);
        try {
            return grid.access().view(login, change.apply());
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("record the " + recording + " of task " + taskId, e);
        }
    }

    @Override
    public ArraySummary array(long arrayId) throws AccessException, NoSuchTaskException, InvalidRequestException {
        checkCaller("array");
        return arrays.summary(arrayId);
    }

    @Override
    public TaskRecord member(long arrayId, int index) throws AccessException, NoSuchTaskException, InvalidRequestException {
        checkCaller("member");
        return arrays.member(login, arrayId, index);
    }

    @Override
    public ArraySummary cancelArray(long arrayId)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        checkCaller("cancel");
        return arrays.cancel(login, info.host(), arrayId);
    }

    @Override
    public ArraySummary holdArray(long arrayId)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        checkCaller("hold");
        return arrays.hold(login, info.host(), info.user(), arrayId);
    }

    @Override
    public ArraySummary releaseArray(long arrayId)
            throws RemoteException, NoSuchTaskException, AccessDeniedException, InvalidRequestException {
        checkCaller("release");
        return arrays.release(login, info.host(), arrayId);
    }

    @Override
    public List<TaskRecord> dependants(long taskId, int limit) throws AccessException, InvalidRequestException {
        checkCaller("dependants");
        return arrays.dependants(login, taskId, limit);
    }

    @Override
    public GridSummary summary() throws AccessException {
        checkCaller("summary");
        return grid.scheduler().summary();
    }

    @Override
    public UsageReport usage() throws AccessException {
        checkCaller("usage");
        return grid.scheduler().usageReport();
    }

    @Override
    public List<AgentInfo> agents() throws AccessException, AccessDeniedException {
        checkAdmin("list agents");
        return grid.scheduler().agents();
    }

    @Override
    public AgentInfo drain(String agentId, String reason) throws RemoteException, AccessDeniedException, InvalidRequestException {
        checkAdmin("drain agents");
        try {
            return grid.scheduler().drain(agentId, reason, info.user());
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("record the drain of agent " + agentId + "; it is not drained", e);
        }
    }

    @Override
    public AgentInfo resume(String agentId) throws RemoteException, AccessDeniedException, InvalidRequestException {
        checkAdmin("resume agents");
        try {
            return grid.scheduler().resume(agentId, info.user());
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("record the resume of agent " + agentId + "; it stays drained", e);
        }
    }

    @Override
    public PurgeReport purgeBefore(Instant before) throws RemoteException, AccessDeniedException, InvalidRequestException {
        checkAdmin("purge the history");
        if (before == null) {
            throw new InvalidRequestException("Give the date before which ended tasks are removed, e.g. --purge-before 2024-01-31.");
        }
        if (before.isAfter(grid.clock().instant())) {
            throw new InvalidRequestException("The date " + before + " is in the future; give a date up to now, so that"
                    + " only tasks that already ended are removed.");
        }
        try {
            HistoryRetention.Pass pass = grid.retention().purgeBefore(before, PURGE_WITHIN_CALL);
            return new PurgeReport(before, pass.tasks(), pass.resultFolders(), pass.kept(), pass.continuing());
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("purge the history; the tasks removed before the failure stay removed", e);
        }
    }

    @Override
    public GridStatus status() throws RemoteException, AccessDeniedException {
        checkAdmin("see the grid's status");
        try {
            return grid.status().take();
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("count the history for the status", e);
        }
    }

    @Override
    public List<ClientInfo> clients() throws AccessException, AccessDeniedException {
        checkAdmin("list clients");
        return grid.sessions().clients();
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) throws RemoteException {
        checkCaller("events");
        try {
            EventBatch batch = grid.hub().events(afterSequence, maxWait);
            return new EventBatch(grid.access().viewEvents(login, batch.events()), batch.lastSequence(), batch.missed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteException("The controller is stopping; pull events again after it restarts.", e);
        }
    }

    @Override
    public Duration renew() throws AccessException {
        checkCaller("renew");
        leased = true;
        return grid.sessions().clientLease();
    }

    @Override
    public void close() throws AccessException {
        checkCaller("close");
        grid.sessions().closeClient(info.id(), "Client " + info.id() + " (" + info.user() + "@" + info.host() + ") closed its session.", true);
    }

    @Override
    public String toString() {
        return "ClientSession[" + info.id() + "]";
    }
}

package io.taskgrid.fx;

import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.UnknownTaskException;
import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import io.taskgrid.api.task.OutputPiece;
import io.taskgrid.api.task.TaskOutput;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory controller for view-model tests: a history, paged newest first like the real one. */
final class FakeGateway implements ControllerGateway {
    final List<TaskRecord> tasks = new ArrayList<>();
    final List<HistoryQuery> queries = new ArrayList<>();
    final List<TaskSpec> submitted = new ArrayList<>();
    final List<AgentInfo> agents = new ArrayList<>();
    String sharedRoot = "/nowhere";

    static TaskRecord task(long id, TaskState state, String project) {
        return TaskRecord.builder().id(id).project(project).program("p" + id + ".py").state(state)
                .submittedAt(Instant.parse("2024-01-01T10:00:00Z")).clientUser("me").build();
    }

    @Override
    public ControllerAddress address() {
        return new ControllerAddress("localhost", 1099);
    }

    @Override
    public ControllerInfo info() {
        return new ControllerInfo("c1", sharedRoot, 4, "1");
    }

    @Override
    public TaskRecord submit(TaskSpec spec) {
        submitted.add(spec);
        TaskRecord t = task(tasks.size() + 1, TaskState.QUEUED, spec.project());
        tasks.add(t);
        return t;
    }

    @Override
    public TaskRecord task(long taskId) {
        return tasks.stream().filter(t -> t.id() == taskId).findFirst()
                .orElseThrow(() -> new UnknownTaskException(taskId, DesktopClient.DIRECTIONS, null));
    }

    /** What tasks wrote so far, and their state, as {@link #output} answers them; written from any thread. */
    final Map<Long, String> written = new ConcurrentHashMap<>();
    final Map<Long, TaskState> outputState = new ConcurrentHashMap<>();

    @Override
    public TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes) {
        byte[] all = written.getOrDefault(taskId, "").getBytes(StandardCharsets.UTF_8);
        int from = (int) Math.min(stdoutOffset, all.length);
        byte[] piece = Arrays.copyOfRange(all, from, Math.min(all.length, from + maxBytes));
        return new TaskOutput(taskId, outputState.getOrDefault(taskId, TaskState.RUNNING), 1,
                new OutputPiece(from, piece, all.length), OutputPiece.none(0, 0));
    }

    @Override
    public List<TaskRecord> history(HistoryQuery q) {
        queries.add(q);
        return tasks.stream()
                .filter(t -> q.state() == null || t.state() == q.state())
                .filter(t -> q.text() == null || t.project().toLowerCase(Locale.ROOT).contains(q.text().toLowerCase(Locale.ROOT)))
                .filter(t -> q.beforeId() == null || t.id() < q.beforeId())
                .filter(t -> q.arrayId() == null ? !q.oneRowPerArray() || !t.inArray() || t.firstOfArray()
                        : q.arrayId().equals(t.arrayId()))
                .sorted(Comparator.comparingLong(TaskRecord::id).reversed())
                .limit(q.limit()).toList();
    }

    @Override
    public TaskRecord cancel(long taskId) {
        TaskRecord t = task(taskId).toBuilder().state(TaskState.CANCELLED).build();
        tasks.replaceAll(x -> x.id() == taskId ? t : x);
        return t;
    }

    /** Each task's runs, as {@link #attempts} answers them. */
    final Map<Long, List<TaskAttempt>> attempts = new ConcurrentHashMap<>();

    @Override
    public List<TaskAttempt> attempts(long taskId) {
        task(taskId);
        return attempts.getOrDefault(taskId, List.of());
    }

    /** When set, every hold, release, priority, drain and resume is refused with this sentence, as for a non-admin. */
    String refusal;

    @Override
    public TaskRecord reprioritize(long taskId, int priority) {
        refuseIfTold();
        return change(task(taskId).toBuilder().priority(priority).build());
    }

    @Override
    public TaskRecord hold(long taskId) {
        refuseIfTold();
        return change(task(taskId).toBuilder().heldBy("me").build());
    }

    @Override
    public TaskRecord release(long taskId) {
        refuseIfTold();
        return change(task(taskId).toBuilder().heldBy(null).build());
    }

    @Override
    public AgentInfo drain(String agentId, String reason) {
        refuseIfTold();
        return changeAgent(agentId, reason);
    }

    @Override
    public AgentInfo resume(String agentId) {
        refuseIfTold();
        return changeAgent(agentId, null);
    }

    @Override
    public io.taskgrid.api.client.PurgeReport purgeBefore(java.time.Instant before) {
        throw new UnsupportedOperationException("not in this fake");
    }

    private void refuseIfTold() {
        if (refusal != null) {
            throw new AccessRefusedException(refusal, null);
        }
    }

    private TaskRecord change(TaskRecord t) {
        tasks.replaceAll(x -> x.id() == t.id() ? t : x);
        return t;
    }

    private AgentInfo changeAgent(String agentId, String reason) {
        AgentInfo a = agents.stream().filter(x -> x.id().equals(agentId)).findFirst().orElseThrow();
        AgentInfo changed = new AgentInfo(a.id(), a.host(), a.slots(), a.running(), a.cpuLoad(), a.runtimes(),
                a.bytesProcessed(), a.connectedAt(), a.lastHeartbeatAt(), a.connected(), reason);
        agents.replaceAll(x -> x.id().equals(agentId) ? changed : x);
        return changed;
    }

    @Override
    public io.taskgrid.api.client.GridStatus status() {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public io.taskgrid.api.client.GridSummary summary() {
        throw new UnsupportedOperationException("not in this fake");
    }

    /** What {@link #usage} answers. */
    volatile io.taskgrid.api.client.UsageReport usageReport = new io.taskgrid.api.client.UsageReport(java.time.Duration.ofDays(1), true, List.of());
    final java.util.concurrent.atomic.AtomicInteger usageAsked = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public io.taskgrid.api.client.UsageReport usage() {
        usageAsked.incrementAndGet();
        return usageReport;
    }

    /** What {@link #program} hands out, by task id; any other is refused as not the caller's. */
    final java.util.Map<Long, io.taskgrid.api.task.ProgramSource> programs = new java.util.HashMap<>();

    @Override
    public io.taskgrid.api.task.ProgramSource program(long taskId) {
        io.taskgrid.api.task.ProgramSource p = programs.get(taskId);
        if (p == null) {
            throw new io.taskgrid.client.AccessRefusedException("Task " + taskId + " belongs to ann; its program goes to ann"
                    + " and administrators only on this controller (it runs with --task-privacy owner).", null);
        }
        return p;
    }

    /** What {@link #array} answers: the members of array {@code arrayId} among {@link #tasks}, counted. */
    final java.util.concurrent.atomic.AtomicInteger arraysAsked = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public io.taskgrid.api.task.ArraySummary array(long arrayId) {
        arraysAsked.incrementAndGet();
        List<TaskRecord> members = tasks.stream().filter(t -> Long.valueOf(arrayId).equals(t.arrayId())).toList();
        if (members.isEmpty()) {
            throw new io.taskgrid.client.InputRefusedException("Task " + arrayId + " is not an array.", null);
        }
        Map<TaskState, Integer> counts = new java.util.EnumMap<>(TaskState.class);
        members.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        List<Integer> failed = members.stream().filter(t -> t.state() == TaskState.FAILED).map(TaskRecord::arrayIndex).sorted().toList();
        int last = members.stream().mapToInt(TaskRecord::arrayIndex).max().orElse(1);
        int first = members.stream().mapToInt(TaskRecord::arrayIndex).min().orElse(1);
        return new io.taskgrid.api.task.ArraySummary(arrayId, new io.taskgrid.api.task.TaskArray(first, last, 1, 0),
                members.get(0).program(), "me", members.get(0).submittedAt(), counts, failed, null);
    }

    @Override
    public TaskRecord member(long arrayId, int index) {
        return tasks.stream().filter(t -> Long.valueOf(arrayId).equals(t.arrayId()) && t.arrayIndex() == index).findFirst()
                .orElseThrow(() -> new io.taskgrid.client.InputRefusedException("Array " + arrayId + " has no index " + index + ".", null));
    }

    /** The array calls made, as "cancel 42", "hold 42", "release 42". */
    final List<String> arrayActions = new ArrayList<>();

    @Override
    public io.taskgrid.api.task.ArraySummary cancelArray(long arrayId) {
        refuseIfTold();
        arrayActions.add("cancel " + arrayId);
        tasks.replaceAll(t -> Long.valueOf(arrayId).equals(t.arrayId()) && !t.state().isFinal()
                ? t.toBuilder().state(TaskState.CANCELLED).build() : t);
        return array(arrayId);
    }

    @Override
    public io.taskgrid.api.task.ArraySummary holdArray(long arrayId) {
        refuseIfTold();
        arrayActions.add("hold " + arrayId);
        return array(arrayId);
    }

    @Override
    public io.taskgrid.api.task.ArraySummary releaseArray(long arrayId) {
        refuseIfTold();
        arrayActions.add("release " + arrayId);
        return array(arrayId);
    }

    @Override
    public List<TaskRecord> dependants(long taskId, int limit) {
        return tasks.stream().filter(t -> t.after().stream().anyMatch(d -> d.taskId() == taskId)).limit(limit).toList();
    }

    /** Members of an array, ids {@code arrayId} to {@code arrayId + n - 1}, indexes 1 to n, in {@code state}. */
    static List<TaskRecord> array(long arrayId, int n, TaskState state) {
        List<TaskRecord> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(task(arrayId + i, state, "sweep").toBuilder().arrayId(arrayId).arrayIndex(i + 1).build());
        }
        return members;
    }

    @Override
    public List<AgentInfo> agents() {
        return agents;
    }

    @Override
    public List<ClientInfo> clients() {
        return List.of();
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        return new EventBatch(List.of(), afterSequence, false);
    }

    @Override
    public void close() {
    }
}

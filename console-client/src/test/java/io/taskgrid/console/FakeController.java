package io.taskgrid.console;

import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.UnknownTaskException;
import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** An in-memory controller: both the connector and the gateway, with scripted events. */
class FakeController implements ControllerConnector, ControllerGateway {
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    final String sharedRoot;
    final Map<Long, TaskRecord> tasks = new ConcurrentHashMap<>();
    final List<TaskSpec> submitted = new ArrayList<>();
    final List<HistoryQuery> queries = new ArrayList<>();
    final List<AgentInfo> agents = new ArrayList<>();
    final List<ClientInfo> clients = new ArrayList<>();
    final BlockingQueue<EventBatch> batches = new LinkedBlockingQueue<>();
    final AtomicInteger closed = new AtomicInteger();
    volatile ControllerAddress connectedTo;
    volatile RuntimeException failure;
    /** Made and thrown, one each, by the next waiting event calls (a controller that went away). */
    final java.util.Queue<java.util.function.Supplier<RuntimeException>> eventFailures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Connections refused before one succeeds again. */
    final AtomicInteger refusedConnections = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    Function<TaskSpec, TaskRecord> onSubmit = spec -> task(42, TaskState.QUEUED).program(spec.program().describe()).build();
    private long sequence = 100;

    FakeController(String sharedRoot) {
        this.sharedRoot = sharedRoot;
    }

    static TaskRecord.Builder task(long id, TaskState state) {
        return TaskRecord.builder().id(id).project("default").projectId(String.valueOf(id)).program("hello.py (inline)")
                .language(io.taskgrid.api.task.Language.PYTHON).state(state).submittedAt(T0)
                .clientUser("ann").clientHost("127.0.0.1");
    }

    /** Queues a batch whose task events also update what {@link #task} returns. */
    void emit(TaskRecord... changed) {
        List<GridEvent> events = new ArrayList<>();
        for (TaskRecord t : changed) {
            events.add(new TaskEvent(++sequence, T0.plusSeconds(sequence - 100), t));
        }
        batches.add(new EventBatch(events, sequence, false));
    }

    /** Applies the next queued batch, if any, to what {@link #task} returns, as if its events had happened. */
    void advance() {
        EventBatch batch = batches.poll();
        if (batch != null) {
            for (GridEvent e : batch.events()) {
                if (e instanceof TaskEvent te) {
                    tasks.put(te.task().id(), te.task());
                }
            }
        }
    }

    @Override
    public ControllerGateway connect(ControllerAddress address) {
        if (failure != null) {
            throw failure;
        }
        if (refusedConnections.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ControllerUnreachableException("Cannot reach the controller at " + address + " (Connection refused).", null);
        }
        connections.incrementAndGet();
        connectedTo = address;
        return this;
    }

    @Override
    public ControllerAddress address() {
        return connectedTo;
    }

    @Override
    public ControllerInfo info() {
        return new ControllerInfo("client-1", sharedRoot, 4, "1");
    }

    @Override
    public TaskRecord submit(TaskSpec spec) {
        submitted.add(spec);
        TaskRecord t = onSubmit.apply(spec);
        tasks.put(t.id(), t);
        return t;
    }

    @Override
    public TaskRecord task(long taskId) {
        TaskRecord t = tasks.get(taskId);
        if (t == null) {
            throw new UnknownTaskException(taskId, TerminalLogin.DIRECTIONS, null);
        }
        return t;
    }

    /** The files a task's agent writes, by task id: what {@link #output} reads. */
    final Map<Long, java.io.ByteArrayOutputStream> stdout = new ConcurrentHashMap<>();
    final Map<Long, java.io.ByteArrayOutputStream> stderr = new ConcurrentHashMap<>();

    void writeOutput(long taskId, String out, String err) {
        stdout.computeIfAbsent(taskId, id -> new java.io.ByteArrayOutputStream()).writeBytes(out.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stderr.computeIfAbsent(taskId, id -> new java.io.ByteArrayOutputStream()).writeBytes(err.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public io.taskgrid.api.task.TaskOutput output(long taskId, long stdoutOffset, long stderrOffset, int maxBytes) {
        TaskRecord t = task(taskId);
        return new io.taskgrid.api.task.TaskOutput(taskId, t.state(), t.attempt(), piece(stdout.get(taskId), stdoutOffset, maxBytes),
                piece(stderr.get(taskId), stderrOffset, maxBytes));
    }

    private static io.taskgrid.api.task.OutputPiece piece(java.io.ByteArrayOutputStream file, long offset, int max) {
        if (file == null) {
            return io.taskgrid.api.task.OutputPiece.none(offset, io.taskgrid.api.task.OutputPiece.NO_FILE);
        }
        byte[] bytes = file.toByteArray();
        int from = (int) Math.min(offset, bytes.length);
        return new io.taskgrid.api.task.OutputPiece(offset, java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + max)), bytes.length);
    }

    /** The arrays {@link #array} answers, by id; their members are in {@link #tasks} with their array id and index. */
    final Map<Long, io.taskgrid.api.task.ArraySummary> arrays = new ConcurrentHashMap<>();
    /** The arrays asked for by {@link #array}, in order. */
    final List<Long> arraysAsked = new ArrayList<>();
    /** What {@link #dependants} answers, by task id. */
    final Map<Long, List<TaskRecord>> dependants = new ConcurrentHashMap<>();
    /** The array calls made: "cancel 42", "hold 42", "release 42". */
    final List<String> arrayCalls = new ArrayList<>();

    @Override
    public io.taskgrid.api.task.ArraySummary array(long arrayId) {
        arraysAsked.add(arrayId);
        io.taskgrid.api.task.ArraySummary s = arrays.get(arrayId);
        if (s == null) {
            task(arrayId);
            throw new io.taskgrid.client.InputRefusedException("Task " + arrayId + " is not an array.", null);
        }
        return s;
    }

    @Override
    public TaskRecord member(long arrayId, int index) {
        if (!arrays.containsKey(arrayId)) {
            throw new UnknownTaskException(arrayId, TerminalLogin.DIRECTIONS, null);
        }
        return tasks.values().stream().filter(t -> t.arrayId() != null && t.arrayId() == arrayId && t.arrayIndex() == index)
                .findFirst().orElseThrow(() -> new io.taskgrid.client.InputRefusedException("Array " + arrayId
                        + " has no index " + index + "; its indexes are " + arrays.get(arrayId).array() + ".", null));
    }

    @Override
    public io.taskgrid.api.task.ArraySummary cancelArray(long arrayId) {
        arrayCalls.add("cancel " + arrayId);
        io.taskgrid.api.task.ArraySummary s = array(arrayId);
        java.util.EnumMap<TaskState, Integer> counts = new java.util.EnumMap<>(TaskState.class);
        s.counts().forEach((state, n) -> counts.merge(state.isFinal() ? state : TaskState.CANCELLED, n, Integer::sum));
        io.taskgrid.api.task.ArraySummary after = new io.taskgrid.api.task.ArraySummary(arrayId, s.array(), s.program(),
                s.clientUser(), s.submittedAt(), counts, s.failedIndexes(), T0.plusSeconds(30));
        arrays.put(arrayId, after);
        return after;
    }

    @Override
    public io.taskgrid.api.task.ArraySummary holdArray(long arrayId) {
        arrayCalls.add("hold " + arrayId);
        return array(arrayId);
    }

    @Override
    public io.taskgrid.api.task.ArraySummary releaseArray(long arrayId) {
        arrayCalls.add("release " + arrayId);
        return array(arrayId);
    }

    @Override
    public List<TaskRecord> dependants(long taskId, int limit) {
        return dependants.getOrDefault(taskId, List.of()).stream().limit(limit).toList();
    }

    @Override
    public List<TaskRecord> history(HistoryQuery query) {
        queries.add(query);
        return tasks.values().stream()
                .filter(t -> query.state() == null || t.state() == query.state())
                .filter(t -> query.arrayId() == null ? !query.oneRowPerArray() || !t.inArray() || t.firstOfArray()
                        : query.arrayId().equals(t.arrayId()))
                .sorted((a, b) -> Long.compare(b.id(), a.id()))
                .limit(query.limit())
                .map(TaskRecord::withoutOutput)
                .toList();
    }

    @Override
    public TaskRecord cancel(long taskId) {
        TaskRecord t = task(taskId);
        if (!t.state().isFinal()) {
            t = t.toBuilder().state(TaskState.CANCELLED).endedAt(T0.plusSeconds(5)).build();
            tasks.put(taskId, t);
        }
        return t;
    }

    @Override
    public TaskRecord reprioritize(long taskId, int priority) {
        TaskRecord t = task(taskId).toBuilder().priority(priority).build();
        tasks.put(taskId, t);
        return t;
    }

    @Override
    public TaskRecord hold(long taskId) {
        TaskRecord t = task(taskId).toBuilder().heldBy("ann").build();
        tasks.put(taskId, t);
        return t;
    }

    @Override
    public TaskRecord release(long taskId) {
        TaskRecord t = task(taskId).toBuilder().heldBy(null).build();
        tasks.put(taskId, t);
        return t;
    }

    @Override
    public AgentInfo drain(String agentId, String reason) {
        throw new UnsupportedOperationException("not in this fake");
    }

    @Override
    public AgentInfo resume(String agentId) {
        throw new UnsupportedOperationException("not in this fake");
    }

    /** The instants {@link #purgeBefore} was asked for; a non-null {@link #purgeRefusal} refuses it as a non-admin. */
    final List<java.time.Instant> purges = new ArrayList<>();
    String purgeRefusal;

    @Override
    public io.taskgrid.api.client.PurgeReport purgeBefore(java.time.Instant before) {
        if (purgeRefusal != null) {
            throw new io.taskgrid.client.AccessRefusedException(purgeRefusal, null);
        }
        purges.add(before);
        return new io.taskgrid.api.client.PurgeReport(before, 1200, 3, 2);
    }

    /** The programs {@link #program} answers, by task id. */
    final Map<Long, io.taskgrid.api.task.ProgramSource> programs = new java.util.HashMap<>();

    @Override
    public io.taskgrid.api.task.ProgramSource program(long taskId) {
        io.taskgrid.api.task.ProgramSource p = programs.get(taskId);
        if (p == null) {
            throw new UnknownTaskException(taskId, TerminalLogin.DIRECTIONS, null);
        }
        return p;
    }

    /** What {@link #usage} answers. */
    io.taskgrid.api.client.UsageReport usageReport = new io.taskgrid.api.client.UsageReport(java.time.Duration.ofDays(1), true, List.of());

    @Override
    public io.taskgrid.api.client.UsageReport usage() {
        return usageReport;
    }

    /** Counted from the tasks and agents given to this fake, as the controller counts them. */
    /** What {@link #status} answers; {@code null} refuses as to a user who is no administrator. */
    io.taskgrid.api.client.GridStatus gridStatus;

    @Override
    public io.taskgrid.api.client.GridStatus status() {
        if (gridStatus == null) {
            throw new io.taskgrid.client.AccessRefusedException("Only an administrator may see the grid's status; user alice is not one."
                    + " Log in as an admin user (taskgrid user add NAME --admin).", null);
        }
        return gridStatus;
    }

    @Override
    public io.taskgrid.api.client.GridSummary summary() {
        int running = (int) tasks.values().stream().filter(t -> t.state() == TaskState.RUNNING).count();
        int held = (int) tasks.values().stream().filter(TaskRecord::held).count();
        int queued = (int) tasks.values().stream().filter(t -> t.state() == TaskState.QUEUED).count() - held;
        return new io.taskgrid.api.client.GridSummary(running, queued, held, agents.size(), 0, 4);
    }

    @Override
    public List<AgentInfo> agents() {
        return agents;
    }

    @Override
    public List<ClientInfo> clients() {
        return clients;
    }

    @Override
    public EventBatch events(long afterSequence, Duration maxWait) {
        if (afterSequence == 0 && maxWait.isZero()) {
            return new EventBatch(List.of(), sequence, false);
        }
        java.util.function.Supplier<RuntimeException> gone = eventFailures.poll();
        if (gone != null) {
            throw gone.get();
        }
        try {
            EventBatch batch = batches.poll(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            if (batch == null) {
                return new EventBatch(List.of(), afterSequence, false);
            }
            for (GridEvent e : batch.events()) {
                if (e instanceof TaskEvent te) {
                    tasks.put(te.task().id(), te.task());
                }
            }
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EventBatch(List.of(), afterSequence, false);
        }
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }
}

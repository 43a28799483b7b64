package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.history.StoreException;
import io.taskgrid.controller.history.TaskHistory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The scheduler's history in memory, for scheduling tests without SQLite. It keeps what {@link
 * io.taskgrid.controller.history.TaskStore} keeps in the same shape: a running attempt is read from the task's own
 * record until its attempt is written. Survives a scheduler's restart (tests close one scheduler and start another
 * over the same history); {@link #failWrites} makes the next writes fail as a full disk would.
 */
final class InMemoryHistory implements TaskHistory {
    private final TreeMap<Long, TaskRecord> tasks = new TreeMap<>();
    private final Map<Long, ProgramSource> programs = new TreeMap<>();
    private final Map<Long, Map<String, String>> environments = new TreeMap<>();
    private final Map<String, TaskAttempt> attempts = new TreeMap<>();
    private final AtomicBoolean failWrites = new AtomicBoolean();
    private long nextId = 1;
    private long updateTransactions;

    /** Records new tasks and gives them ids, as a submission does. */
    synchronized List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> sources) {
        List<TaskRecord> saved = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            TaskRecord r = drafts.get(i).toBuilder().id(nextId++).build();
            tasks.put(r.id(), r);
            programs.put(r.id(), sources.get(i));
            saved.add(r);
        }
        return saved;
    }

    /** As above, with the submitters' variables (fingerprints are not kept: duplicates are not the scheduler's). */
    synchronized List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> sources, List<String> fingerprints,
                                            List<Map<String, String>> variables) {
        List<TaskRecord> saved = insertAll(drafts, sources);
        for (int i = 0; i < saved.size(); i++) {
            if (!variables.get(i).isEmpty()) {
                environments.put(saved.get(i).id(), Map.copyOf(variables.get(i)));
            }
        }
        return saved;
    }

    private final Map<Long, io.taskgrid.api.task.TaskArray> arrays = new TreeMap<>();

    /** Records an array as {@link io.taskgrid.controller.history.TaskStore#insertArray} does; returns every member. */
    synchronized List<TaskRecord> insertArray(TaskRecord draft, ProgramSource source, io.taskgrid.api.task.TaskArray array) {
        long first = nextId;
        List<TaskRecord> members = new ArrayList<>(array.size());
        for (int k = 0; k < array.size(); k++) {
            TaskRecord r = draft.toBuilder().id(nextId++).arrayId(first).arrayIndex(array.indexAt(k)).build();
            tasks.put(r.id(), r);
            programs.put(r.id(), source);
            members.add(r);
        }
        arrays.put(first, array);
        return members;
    }

    @Override
    public synchronized Optional<io.taskgrid.api.task.TaskArray> array(long arrayId) {
        return Optional.ofNullable(arrays.get(arrayId));
    }

    @Override
    public synchronized Map<TaskState, Integer> arrayCounts(long arrayId) {
        Map<TaskState, Integer> counts = new java.util.EnumMap<>(TaskState.class);
        tasks.values().stream().filter(r -> r.arrayId() != null && r.arrayId() == arrayId)
                .forEach(r -> counts.merge(r.state(), 1, Integer::sum));
        return counts;
    }

    @Override
    public synchronized Map<Long, List<io.taskgrid.api.task.Dependency>> dependenciesOfQueued() {
        Map<Long, List<io.taskgrid.api.task.Dependency>> out = new java.util.HashMap<>();
        tasks.values().stream().filter(r -> r.state() == TaskState.QUEUED && !r.after().isEmpty())
                .forEach(r -> out.put(r.id(), r.after()));
        return out;
    }

    @Override
    public synchronized List<TaskRecord> inState(TaskState state) {
        return tasks.values().stream().filter(r -> r.state() == state).toList();
    }

    @Override
    public synchronized Optional<ProgramSource> program(long id) {
        return Optional.ofNullable(programs.get(id));
    }

    @Override
    public synchronized Map<String, String> environment(long id) {
        return environments.getOrDefault(id, Map.of());
    }

    @Override
    public synchronized Optional<TaskRecord> find(long id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized void updateAll(List<TaskRecord> records, List<TaskAttempt> ended) {
        if (records.isEmpty() && ended.isEmpty()) {
            return;
        }
        if (failWrites.get()) {
            throw new StoreException("The disk is full (a test said so).", null);
        }
        for (TaskRecord r : records) {
            if (!tasks.containsKey(r.id())) {
                throw new StoreException("task " + r.id() + " is not in the history", null);
            }
        }
        records.forEach(r -> tasks.put(r.id(), r));
        ended.forEach(a -> attempts.put(key(a.taskId(), a.attempt()), a));
        updateTransactions++;
    }

    /** Every attempt of a task, first first: those written, then the one its record shows running. */
    synchronized List<TaskAttempt> attempts(long taskId) {
        List<TaskAttempt> out = new ArrayList<>(attempts.values().stream().filter(a -> a.taskId() == taskId).toList());
        TaskRecord r = tasks.get(taskId);
        if (r != null && r.state() == TaskState.RUNNING && !attempts.containsKey(key(taskId, r.attempt()))) {
            out.add(new TaskAttempt(taskId, r.attempt(), r.agentId(), r.agentHost(), r.startedAt(), null, r.state(), null));
        }
        out.sort(Comparator.comparingInt(TaskAttempt::attempt));
        return out;
    }

    /** Transactions {@link #updateAll} committed (to see group commit work). */
    synchronized long updateTransactions() {
        return updateTransactions;
    }

    void failWrites(boolean fail) {
        failWrites.set(fail);
    }

    private static String key(long taskId, int attempt) {
        return taskId + "#" + String.format("%06d", attempt);
    }

    private final Map<String, String> drains = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Map<String, String> drainedAgents() {
        return Map.copyOf(drains);
    }

    @Override
    public void recordDrain(String agentId, String reason, String by, java.time.Instant at) {
        drains.put(agentId, reason);
    }

    @Override
    public void forgetDrain(String agentId) {
        drains.remove(agentId);
    }

    @Override
    public synchronized List<io.taskgrid.controller.history.UsedCpu> cpuUsedSince(java.time.Instant since) {
        List<io.taskgrid.controller.history.UsedCpu> out = new ArrayList<>();
        for (TaskRecord r : tasks.values()) {
            if (r.endedAt() != null && !r.endedAt().isBefore(since) && r.clientUser() != null && r.startedAt() != null) {
                out.add(new io.taskgrid.controller.history.UsedCpu(r.clientUser(),
                        java.time.Duration.between(r.startedAt(), r.endedAt()).toNanos() / 1e9, r.endedAt()));
            }
        }
        return out;
    }
}

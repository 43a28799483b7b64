package io.taskgrid.controller.history;

import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQLite history: every task and every change of it. One writer connection (serialised), and a few reader
 * connections so that a long history page never waits for, nor stalls, the writer (WAL).
 *
 * <p>The entry point of the package, and only that: the database and its threads are owned by
 * {@link HistoryDatabase}, writes go through {@link TaskWrites}, single reads through {@link TaskReads}, pages and
 * text search through {@link HistorySearch}.
 */
public final class TaskStore implements TaskHistory, AutoCloseable {
    /** How often the background indexer looks for tasks to add to the text index. */
    static final Duration TEXT_INDEX_PERIOD = Duration.ofMillis(500);

    private final HistoryDatabase database;
    private final TaskWrites writes;
    private final TaskReads reads;
    private final WorkflowReads workflow;
    private final HistorySearch search;
    private final TaskDeletes deletes;

    private TaskStore(HistoryDatabase database, TextPlan.Thresholds textPlanThresholds) {
        this.database = database;
        this.writes = new TaskWrites(database.writer(), database.textIndexer());
        this.reads = new TaskReads(database.readers());
        this.workflow = new WorkflowReads(database.readers());
        this.search = new HistorySearch(database.readers(), textPlanThresholds);
        this.deletes = new TaskDeletes(database.writer(), database.readers());
    }

    /**
     * Opens (creating when missing) and migrates the database.
     *
     * @throws NewerSchemaException when a newer TaskGrid wrote it
     * @throws StoreException       when it cannot be opened
     */
    public static TaskStore open(Path file) {
        return open(file, TEXT_INDEX_PERIOD);
    }

    /**
     * Opens the database as {@link #open(Path)} does, with the text indexer running every {@code textIndexPeriod}
     * in the background, or only when asked ({@link #indexTextNow()}) when it is null.
     */
    static TaskStore open(Path file, Duration textIndexPeriod) {
        return open(file, textIndexPeriod, WalCheckpointer.EVERY);
    }

    /**
     * As {@link #open(Path, Duration)}, with the checkpointer looking every {@code checkpointEvery} whether a burst of
     * writes came, or only when asked ({@link #checkpointTurn}, {@link #checkpointNow}) when it is null.
     */
    static TaskStore open(Path file, Duration textIndexPeriod, Duration checkpointEvery) {
        return open(file, textIndexPeriod, checkpointEvery, TextPlan.Thresholds.DEFAULT);
    }

    /** As {@link #open(Path, Duration, Duration)}, with the text search choosing what drives at these counts. */
    static TaskStore open(Path file, Duration textIndexPeriod, Duration checkpointEvery, TextPlan.Thresholds textPlanThresholds) {
        return new TaskStore(HistoryDatabase.open(file, textIndexPeriod, checkpointEvery), textPlanThresholds);
    }

    public Path file() {
        return database.file();
    }

    /** The schema version of the open database. */
    public int schemaVersion() {
        return reads.schemaVersion();
    }

    /**
     * Inserts new tasks in one transaction and returns them with their ids. A task without a project id gets
     * {@code t<id>}.
     *
     * @param programs the program of each task (same order); inline bytes go to their own table
     */
    public List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> programs) {
        return insertAll(drafts, programs, Collections.nCopies(drafts.size(), null));
    }

    /**
     * Inserts new tasks as {@link #insertAll(List, List)} does, each with the fingerprint that
     * {@link #succeededWithFingerprint} looks up later.
     *
     * @param fingerprints one per task (same order); {@code null} for a task that takes no part in duplicate detection
     */
    public List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> programs, List<String> fingerprints) {
        return insertAll(drafts, programs, fingerprints, Collections.nCopies(drafts.size(), Map.of()));
    }

    /**
     * Inserts new tasks as {@link #insertAll(List, List, List)} does, each with the submitter's environment variables,
     * which {@link #environment} reads back to run it (they are in no {@link TaskRecord}).
     *
     * @param environments one per task (same order), empty for none
     */
    public List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> programs, List<String> fingerprints,
                                      List<Map<String, String>> environments) {
        return writes.insertAll(drafts, programs, fingerprints, environments);
    }

    /** Writes what the run changed of existing tasks (state, agent, result, usage) in one transaction. */
    public void updateAll(List<TaskRecord> records) {
        updateAll(records, List.of());
    }

    /**
     * Writes what the run changed of existing tasks (state, agent, result, usage; not the submission's own fields,
     * which never change) and their attempts in one transaction. An attempt replaces
     * the one with the same task and number (a history written before the scheduler stopped writing an attempt when it
     * starts may hold it as RUNNING).
     */
    @Override
    public void updateAll(List<TaskRecord> records, List<TaskAttempt> attempts) {
        writes.updateAll(records, attempts);
    }

    /** Transactions {@link #updateAll} committed since the store opened (to see group commit work). */
    public long updateTransactions() {
        return writes.updateTransactions();
    }

    public void update(TaskRecord record) {
        updateAll(List.of(record));
    }

    /**
     * Records what became of a task's report by mail. Only this column is written, so it never races with the
     * scheduler (which is done with the task once it ended).
     */
    public void recordMailStatus(long id, String status) {
        writes.recordMailStatus(id, status);
    }

    @Override
    public Map<String, String> drainedAgents() {
        return reads.drainedAgents();
    }

    @Override
    public void recordDrain(String agentId, String reason, String by, java.time.Instant at) {
        writes.recordDrain(agentId, reason, by, at);
    }

    @Override
    public void forgetDrain(String agentId) {
        writes.forgetDrain(agentId);
    }

    @Override
    public List<UsedCpu> cpuUsedSince(java.time.Instant since) {
        return reads.cpuUsedSince(since);
    }

    /** The newest task that SUCCEEDED with this fingerprint (an index lookup), without output excerpts. */
    public Optional<TaskRecord> succeededWithFingerprint(String fingerprint) {
        return reads.succeededWithFingerprint(fingerprint);
    }

    /** How many tasks the history holds (counted on a reader; for status and metrics, not for every call). */
    public long taskCount() {
        return reads.taskCount();
    }

    /** The size of the database file with its write-ahead log, in bytes; what a missing file counts is 0. */
    public long databaseBytes() {
        long bytes = 0;
        for (Path f : List.of(file(), file().resolveSibling(file().getFileName() + "-wal"))) {
            try {
                bytes += java.nio.file.Files.size(f);
            } catch (java.io.IOException e) {
                // No write-ahead log between checkpoints on some systems: nothing to add.
            }
        }
        return bytes;
    }

    /** One task with its output excerpts, and what it waits for. */
    @Override
    public Optional<TaskRecord> find(long id) {
        return reads.find(id).map(r -> {
            List<Dependency> after = workflow.dependenciesOf(id);
            return after.isEmpty() ? r : r.toBuilder().after(after).build();
        });
    }

    /**
     * Inserts a task array: its first member, then the others as copies made by SQLite in the same transaction (see
     * {@link TaskWrites#insertArray}); returns the first member.
     */
    public TaskRecord insertArray(TaskRecord draft, ProgramSource program, Map<String, String> environment, TaskArray array) {
        return writes.insertArray(draft, program, environment, array);
    }

    /** Whether the history holds task {@code id} (a primary-key lookup, nothing read). */
    public boolean exists(long id) {
        return workflow.exists(id);
    }

    /** The indexes and limit of array {@code arrayId}; empty when it is no array's id. */
    @Override
    public Optional<TaskArray> array(long arrayId) {
        return workflow.array(arrayId);
    }

    /** The members of array {@code arrayId} counted by state, as committed. */
    @Override
    public Map<TaskState, Integer> arrayCounts(long arrayId) {
        return workflow.arrayCounts(arrayId);
    }

    /** Array {@code arrayId} at a glance; empty when it is no array's id. */
    public Optional<ArraySummary> arraySummary(long arrayId) {
        return workflow.summary(arrayId);
    }

    /** The member of array {@code arrayId} with index {@code index}, without output excerpts. */
    public Optional<TaskRecord> member(long arrayId, int index) {
        return workflow.member(arrayId, index);
    }

    /** What every queued task waits for: task id → its dependencies. */
    @Override
    public Map<Long, List<Dependency>> dependenciesOfQueued() {
        return workflow.dependenciesOfQueued();
    }

    /** The tasks that wait for task (or array) {@code parentId}, lowest id first, at most {@code limit}. */
    public List<TaskRecord> dependants(long parentId, int limit) {
        return workflow.dependants(parentId, limit);
    }

    /**
     * Every attempt of a task, first first; empty for a task that never ran (or an unknown one). A run is written to
     * task_attempts when it ends; the one going on is the task's own row (state RUNNING, its agent, start and attempt),
     * so it is read from there: one row less to write for every task a grid starts.
     */
    public List<TaskAttempt> attempts(long taskId) {
        return reads.attempts(taskId);
    }

    /** The submitter's environment variables of a task, as needed to run it; empty when it has none. */
    @Override
    public Map<String, String> environment(long id) {
        return reads.environment(id);
    }

    /** The program of a task, as needed to run it again (inline bytes included). */
    @Override
    public Optional<ProgramSource> program(long id) {
        return reads.program(id);
    }

    /**
     * A page of history, newest first, without output excerpts. The text is a substring of program, project,
     * project id, agent or message, ignoring the case of ASCII letters. One of {@value TextIndex#MIN_CHARACTERS}
     * characters or more is looked up in the trigram index for the tasks it holds (up to the watermark, not
     * pending), and checked by reading the others: those above the watermark and those pending (not ended when
     * the indexer passed), all in one snapshot of the database. With a state or project filter, the smaller side
     * drives the indexed part ({@link TextPlan}). A shorter text is searched by reading the table (slower in a large
     * history, same result).
     */
    public List<TaskRecord> history(HistoryQuery q) {
        return history(q, null);
    }

    /** As {@link #history(HistoryQuery)}, with the indexed part of a text search read as {@code drive} says (for tests). */
    List<TaskRecord> history(HistoryQuery q, TextPlan.Drive drive) {
        return search.history(q, drive);
    }

    /** The plan a text search with this query would choose now (for tests). */
    TextPlan textPlan(HistoryQuery q) {
        return search.textPlan(q);
    }

    /**
     * What SQLite plans for each part of a text search with the indexed part read as {@code drive} says
     * (EXPLAIN QUERY PLAN, one line per step): for tests.
     */
    List<String> textSearchPlan(HistoryQuery q, TextPlan.Drive drive) {
        return search.textSearchPlan(q, drive);
    }

    /** Tasks in the given state, oldest first, with output (for recovery at start). */
    @Override
    public List<TaskRecord> inState(TaskState state) {
        return reads.inState(state);
    }

    /**
     * Up to {@code limit} tasks with ids above {@code afterId}, oldest first, without output excerpts: the walk of
     * retention over the oldest tasks (a range of the primary key, on a reader).
     */
    public List<TaskRecord> oldestAfter(long afterId, int limit) {
        return deletes.oldestAfter(afterId, limit);
    }

    /** The id of the {@code n}-th newest task ({@code n} at least 1), or 0 when the history holds fewer. */
    public long idOfNewest(long n) {
        return deletes.idOfNewest(n);
    }

    /** The ids that DUPLICATE tasks point at ({@link TaskRecord#duplicateOf()}). */
    public java.util.Set<Long> duplicatedTasks() {
        return deletes.duplicatedTasks();
    }

    /**
     * Deletes those of these tasks that ended (a task queued or running is left as it is), with their attempts, inline
     * program, environment and text index entry, in one transaction on the writer; returns the ids that went. Keep
     * the batches small: every other write waits for it.
     */
    public java.util.Set<Long> deleteEnded(java.util.Collection<Long> ids) {
        return deletes.deleteEnded(ids);
    }

    /**
     * Brings the text index up to date on the calling thread, batch after batch (as the background indexer does),
     * until every task is in it or pending. For tests and tools; searches are exact without it.
     */
    void indexTextNow() {
        database.textIndexer().catchUp();
    }

    /** The id up to which every task is in the text index or pending (the watermark). */
    long textIndexedUpTo() {
        return database.writer().guarded(database.textIndexer()::indexedUpTo);
    }

    /** Copies the committed log into the database file now (the checkpointer does so when enough was written). */
    Optional<WalCheckpointer.Pass> checkpointNow() {
        return database.checkpointer().checkpoint();
    }

    /** One look of the checkpointer, as its thread takes every half second; true when it checkpointed. */
    boolean checkpointTurn() {
        return database.checkpointer().turn();
    }

    @Override
    public void close() {
        database.close();
    }
}

package io.taskgrid.controller.history;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the scheduler needs of a history: the tasks to take back at start, what it needs to run them, and one write
 * per group commit. {@link TaskStore} keeps it in SQLite; scheduling tests keep it in memory.
 */
public interface TaskHistory {
    /** Tasks in the given state, oldest first, with output. */
    List<TaskRecord> inState(TaskState state);

    /** A task's program, as submitted. */
    Optional<ProgramSource> program(long id);

    /** The submitter's environment variables of a task; empty when it has none. */
    Map<String, String> environment(long id);

    /** One task with its output excerpts. */
    Optional<TaskRecord> find(long id);

    /**
     * Writes what the run changed of existing tasks and their ended attempts in one transaction: all of it or, with a
     * {@link StoreException}, nothing.
     */
    void updateAll(List<TaskRecord> records, List<TaskAttempt> attempts);

    /** The agents an administrator drained and not resumed, with the reason given: agent id → reason. */
    Map<String, String> drainedAgents();

    /** Keeps that {@code agentId} is drained (replacing an earlier reason); at once, in a transaction of its own. */
    void recordDrain(String agentId, String reason, String by, java.time.Instant at);

    /** Forgets a drain: the agent was resumed. */
    void forgetDrain(String agentId);

    /** The indexes and limit of array {@code arrayId}; empty when it is no array's id. */
    Optional<io.taskgrid.api.task.TaskArray> array(long arrayId);

    /** The members of array {@code arrayId} counted by state, as committed. */
    Map<TaskState, Integer> arrayCounts(long arrayId);

    /** What every queued task waits for: task id → its dependencies (tasks that wait for none are left out). */
    Map<Long, List<io.taskgrid.api.task.Dependency>> dependenciesOfQueued();

    /** The CPU time held by every task that ran, ended at or after {@code since} and that someone submitted, in no order. */
    List<UsedCpu> cpuUsedSince(java.time.Instant since);
}

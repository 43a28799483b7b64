package io.taskgrid.controller.history;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reads of single tasks and what belongs to them (attempts, program, environment), each on a pooled reader. */
final class TaskReads {
    private final ReaderPool readers;

    TaskReads(ReaderPool readers) {
        this.readers = readers;
    }

    int schemaVersion() {
        return readers.read(Migrations::version);
    }

    /** How many tasks the history holds: a walk of the smallest index, some tens of ms per million rows. */
    long taskCount() {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM tasks"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The newest task that SUCCEEDED with this fingerprint (an index lookup), without output excerpts. */
    Optional<TaskRecord> succeededWithFingerprint(String fingerprint) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.LIST_COLUMNS
                    + " FROM tasks WHERE fingerprint=? AND state='SUCCEEDED' ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, fingerprint);
                return TaskRows.first(ps);
            }
        });
    }

    /** One task with its output excerpts. */
    Optional<TaskRecord> find(long id) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.COLUMNS + " FROM tasks WHERE id=?")) {
                ps.setLong(1, id);
                return TaskRows.first(ps);
            }
        });
    }

    /** Tasks in the given state, oldest first, with output. */
    List<TaskRecord> inState(TaskState state) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.COLUMNS + " FROM tasks WHERE state=? ORDER BY id")) {
                ps.setString(1, state.name());
                return TaskRows.tasks(ps);
            }
        });
    }

    /**
     * Every attempt of a task, first first. A run is written to task_attempts when it ends; the one going on is the
     * task's own row (state RUNNING, its agent, start and attempt), so it is read from there.
     */
    List<TaskAttempt> attempts(long taskId) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT task_id, attempt, agent_id, agent_host, started_at, ended_at,"
                    + " state, message FROM task_attempts WHERE task_id=?1"
                    + " UNION ALL SELECT id, attempt, agent_id, agent_host, started_at, NULL, state, NULL FROM tasks t"
                    + " WHERE id=?1 AND state='RUNNING' AND NOT EXISTS"
                    + " (SELECT 1 FROM task_attempts a WHERE a.task_id = t.id AND a.attempt = t.attempt)"
                    + " ORDER BY attempt")) {
                ps.setLong(1, taskId);
                List<TaskAttempt> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(TaskRows.attempt(rs));
                    }
                }
                return out;
            }
        });
    }

    /** The drained agents: agent id → reason. */
    Map<String, String> drainedAgents() {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, reason FROM agent_drains ORDER BY agent_id")) {
                Map<String, String> out = new java.util.LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
                return out;
            }
        });
    }

    /**
     * One pass over the tasks (there is no index on the end time): done once, at start, to take back each user's
     * recent use. A task held one CPU for as long as it ran.
     */
    List<UsedCpu> cpuUsedSince(java.time.Instant since) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT client_user, ended_at, (ended_at - started_at) / 1e9 * COALESCE(cpus, 1)"
                    + " FROM tasks WHERE ended_at >= ? AND started_at IS NOT NULL AND client_user IS NOT NULL")) {
                ps.setLong(1, ColumnValues.nanos(since));
                List<UsedCpu> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double cpu = rs.getDouble(3);
                        if (!rs.wasNull() && cpu > 0) {
                            out.add(new UsedCpu(rs.getString(1), cpu, ColumnValues.instant(rs.getLong(2))));
                        }
                    }
                }
                return out;
            }
        });
    }

    /** The submitter's environment variables of a task; empty when it has none. */
    Map<String, String> environment(long id) {
        return readers.read(c -> {
            // An array's members share the variables kept with its first.
            try (PreparedStatement ps = c.prepareStatement("SELECT variables FROM task_environments WHERE task_id="
                    + "(SELECT COALESCE(array_id, id) FROM tasks WHERE id=?)")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? ColumnValues.decodeVariables(rs.getBytes(1)) : Map.<String, String>of();
                }
            }
        });
    }

    /** The program of a task, as needed to run it again (inline bytes included). */
    Optional<ProgramSource> program(long id) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT t.program_path, t.program_name, i.content FROM tasks t "
                    + "LEFT JOIN inline_programs i ON i.task_id = COALESCE(t.array_id, t.id) WHERE t.id=?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<ProgramSource>empty();
                    }
                    String path = rs.getString(1);
                    return Optional.of(path != null ? new ProgramSource(path, rs.getString(2), null)
                            : ProgramSource.inline(rs.getString(2), rs.getBytes(3)));
                }
            }
        });
    }
}

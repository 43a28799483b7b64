package io.taskgrid.controller.history;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Requirements;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.RetryPolicy;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.taskgrid.controller.history.ColumnValues.getLong;
import static io.taskgrid.controller.history.ColumnValues.instant;
import static io.taskgrid.controller.history.ColumnValues.nanos;
import static io.taskgrid.controller.history.ColumnValues.setLong;

/**
 * The row of a task in {@code tasks} and of an ended run in {@code task_attempts}: which columns are read and written,
 * and how a {@link TaskRecord} or {@link TaskAttempt} is bound to a statement and read from a result.
 */
final class TaskRows {
    static final String COLUMNS = "id, project, project_id, program, program_path, program_name, language, arguments, "
            + "data_path, email, timeout_ms, priority, state, agent_id, agent_host, exit_code, output, error_output, message, "
            + "submitted_at, started_at, ended_at, result_path, client_user, client_host, attempt, duplicate_of, "
            + "cpu_seconds, memory_bytes, bytes_read, mail_status, held_by, requirements, cpus, memory_request, peak_memory_bytes, "
            + "retries, retry_delay_ms, retry_on_exit, retries_used, retry_at, array_id, array_index";
    /** {@link #COLUMNS} without the output excerpts (read as NULL), for lists. */
    static final String LIST_COLUMNS = COLUMNS.replace("output, error_output", "NULL AS output, NULL AS error_output");
    /** {@link #LIST_COLUMNS} of {@code tasks t}, for a join with the text index or the pending table. */
    static final String LIST_COLUMNS_OF_T = ("t." + COLUMNS.replace(", ", ", t."))
            .replace("t.output, t.error_output", "NULL AS output, NULL AS error_output");
    /**
     * What a task's run changes. The submission's own fields (project, program, arguments, data, e-mail, limits,
     * who and when) are written once by {@link #INSERT}, and the mail status on its own: leaving them out keeps the
     * project index untouched and each update small. The priority is written with every update too: the owner of a
     * queued task may change it.
     */
    private static final String RUN_COLUMNS = "state, agent_id, agent_host, exit_code, output, error_output, message, "
            + "started_at, ended_at, result_path, attempt, duplicate_of, cpu_seconds, memory_bytes, bytes_read, peak_memory_bytes, held_by, "
            + "retries_used, retry_at";
    /** {@link #RUN_COLUMNS} of one task and its priority (which a queued task's owner may change), bound by {@link #bindUpdate}. */
    static final String UPDATE = "UPDATE tasks SET " + RUN_COLUMNS.replace(", ", "=?, ") + "=?, priority=? WHERE id=?";
    /** The submission's columns, then {@link #RUN_COLUMNS}, then the fingerprint: 41 in all, bound by {@link #bindInsert}. */
    static final String INSERT = "INSERT INTO tasks (project, project_id, program, program_path, program_name, "
            + "language, arguments, data_path, email, timeout_ms, priority, submitted_at, client_user, client_host, mail_status, "
            + "requirements, cpus, memory_request, retries, retry_delay_ms, retry_on_exit, " + RUN_COLUMNS + ", fingerprint) VALUES ("
            + "?,".repeat(40) + "?)";
    /** The columns {@link #INSERT} writes but the project id: what an array's members copy from its first. */
    static final String COPIED_COLUMNS = INSERT.substring(INSERT.indexOf('(') + 1, INSERT.indexOf(')'))
            .replace("project_id, ", "");
    /** An ended run, replacing one with the same task and number; bound by {@link #bindAttempt}. */
    static final String UPSERT_ATTEMPT = "INSERT OR REPLACE INTO task_attempts "
            + "(task_id, attempt, agent_id, agent_host, started_at, ended_at, state, message) VALUES (?,?,?,?,?,?,?,?)";

    private TaskRows() {
    }

    /** Binds every parameter of {@link #INSERT}. */
    static void bindInsert(PreparedStatement ps, TaskRecord r, ProgramSource p, String fingerprint) throws SQLException {
        ps.setString(1, r.project());
        ps.setString(2, r.projectId());
        ps.setString(3, r.program());
        ps.setString(4, p.sharedPath());
        ps.setString(5, p.fileName());
        ps.setString(bindRun(ps, bindSubmission(ps, 6, r), r), fingerprint);
    }

    /** Binds every parameter of {@link #UPDATE}. */
    static void bindUpdate(PreparedStatement ps, TaskRecord r) throws SQLException {
        int i = bindRun(ps, 1, r);
        ps.setInt(i++, r.priority());
        ps.setLong(i, r.id());
    }

    /** Binds every parameter of {@link #UPSERT_ATTEMPT}. */
    static void bindAttempt(PreparedStatement ps, TaskAttempt a) throws SQLException {
        ps.setLong(1, a.taskId());
        ps.setInt(2, a.attempt());
        ps.setString(3, a.agentId());
        ps.setString(4, a.agentHost());
        setLong(ps, 5, nanos(a.startedAt()));
        setLong(ps, 6, nanos(a.endedAt()));
        ps.setString(7, a.state().name());
        ps.setString(8, a.message());
    }

    /** Binds language .. retry_on_exit of {@link #INSERT} starting at {@code i}; returns the next index. */
    private static int bindSubmission(PreparedStatement ps, int i, TaskRecord r) throws SQLException {
        ps.setString(i++, r.language() == null ? null : r.language().name());
        ps.setBytes(i++, ColumnValues.encode(r.arguments()));
        ps.setString(i++, r.dataPath());
        ps.setString(i++, r.email());
        setLong(ps, i++, r.timeout() == null ? null : r.timeout().toMillis());
        ps.setInt(i++, r.priority());
        setLong(ps, i++, nanos(r.submittedAt()));
        ps.setString(i++, r.clientUser());
        ps.setString(i++, r.clientHost());
        ps.setString(i++, r.mailStatus());
        ps.setString(i++, r.requirements().isEmpty() ? null : String.join(",", r.requirements().words()));
        setLong(ps, i++, r.resources().cpus() == 1 ? null : (long) r.resources().cpus());
        setLong(ps, i++, r.resources().hasMemory() ? r.resources().memoryBytes() : null);
        RetryPolicy retry = r.retry();
        setLong(ps, i++, retry.enabled() ? (long) retry.retries() : null);
        setLong(ps, i++, retry.enabled() ? retry.delay().toMillis() : null);
        ps.setString(i++, retry.onExit().isEmpty() ? null
                : String.join(",", retry.onExit().stream().map(String::valueOf).toList()));
        return i;
    }

    /** Binds {@link #RUN_COLUMNS} starting at {@code i}; returns the next index. */
    private static int bindRun(PreparedStatement ps, int i, TaskRecord r) throws SQLException {
        ps.setString(i++, r.state().name());
        ps.setString(i++, r.agentId());
        ps.setString(i++, r.agentHost());
        setLong(ps, i++, r.exitCode() == null ? null : r.exitCode().longValue());
        ps.setString(i++, r.output());
        ps.setString(i++, r.errorOutput());
        ps.setString(i++, r.message());
        setLong(ps, i++, nanos(r.startedAt()));
        setLong(ps, i++, nanos(r.endedAt()));
        ps.setString(i++, r.resultPath());
        ps.setInt(i++, r.attempt());
        setLong(ps, i++, r.duplicateOf());
        if (r.usage() == null) {
            ps.setNull(i++, Types.REAL);
            ps.setNull(i++, Types.INTEGER);
            ps.setNull(i++, Types.INTEGER);
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setDouble(i++, r.usage().cpuSeconds());
            ps.setLong(i++, r.usage().memoryBytes());
            ps.setLong(i++, r.usage().bytesRead());
            ps.setLong(i++, r.usage().peakMemoryBytes());
        }
        ps.setString(i++, r.heldBy());
        setLong(ps, i++, r.retriesUsed() == 0 ? null : (long) r.retriesUsed());
        setLong(ps, i++, nanos(r.retryAt()));
        return i;
    }

    /** Runs the query, bound already, and reads every task it returns. */
    static List<TaskRecord> tasks(PreparedStatement ps) throws SQLException {
        List<TaskRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(task(rs));
            }
        }
        return out;
    }

    /** Runs the query, bound already, and reads the first task it returns. */
    static Optional<TaskRecord> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(task(rs)) : Optional.empty();
        }
    }

    /** The task of the current row, read by the names of {@link #COLUMNS}. */
    static TaskRecord task(ResultSet rs) throws SQLException {
        String language = rs.getString("language");
        Long timeout = getLong(rs, "timeout_ms");
        Long exit = getLong(rs, "exit_code");
        double cpu = rs.getDouble("cpu_seconds");
        ResourceUsage usage = rs.wasNull() ? null : new ResourceUsage(cpu, rs.getLong("memory_bytes"), rs.getLong("bytes_read"),
                rs.getLong("peak_memory_bytes"));
        Long cpus = getLong(rs, "cpus");
        Long memoryRequest = getLong(rs, "memory_request");
        Long retries = getLong(rs, "retries");
        Long retryDelay = getLong(rs, "retry_delay_ms");
        String retryOnExit = rs.getString("retry_on_exit");
        Long retriesUsed = getLong(rs, "retries_used");
        Long arrayId = getLong(rs, "array_id");
        return TaskRecord.builder()
                .id(rs.getLong("id"))
                .project(rs.getString("project"))
                .projectId(rs.getString("project_id"))
                .program(rs.getString("program"))
                .language(language == null ? null : Language.valueOf(language))
                .arguments(ColumnValues.decode(rs.getBytes("arguments")))
                .dataPath(rs.getString("data_path"))
                .email(rs.getString("email"))
                .timeout(timeout == null ? null : Duration.ofMillis(timeout))
                .priority(rs.getInt("priority"))
                .state(TaskState.valueOf(rs.getString("state")))
                .agentId(rs.getString("agent_id"))
                .agentHost(rs.getString("agent_host"))
                .exitCode(exit == null ? null : exit.intValue())
                .output(rs.getString("output"))
                .errorOutput(rs.getString("error_output"))
                .message(rs.getString("message"))
                .submittedAt(instant(getLong(rs, "submitted_at")))
                .startedAt(instant(getLong(rs, "started_at")))
                .endedAt(instant(getLong(rs, "ended_at")))
                .resultPath(rs.getString("result_path"))
                .clientUser(rs.getString("client_user"))
                .clientHost(rs.getString("client_host"))
                .attempt(rs.getInt("attempt"))
                .duplicateOf(getLong(rs, "duplicate_of"))
                .usage(usage)
                .mailStatus(rs.getString("mail_status"))
                .heldBy(rs.getString("held_by"))
                .requirements(requirements(rs.getString("requirements")))
                .resources(Resources.of(cpus == null ? 1 : cpus.intValue(), memoryRequest == null ? 0 : memoryRequest))
                .retry(retries == null ? RetryPolicy.NONE : RetryPolicy.of(retries.intValue(),
                        Duration.ofMillis(retryDelay == null ? 0 : retryDelay),
                        retryOnExit == null ? List.of() : RetryPolicy.parseExitCodes(retryOnExit)))
                .retriesUsed(retriesUsed == null ? 0 : retriesUsed.intValue())
                .retryAt(instant(getLong(rs, "retry_at")))
                .arrayId(arrayId)
                .arrayIndex(arrayId == null ? null : rs.getInt("array_index"))
                .build();
    }

    /** As {@link #bindSubmission} wrote them: "gpu,!big-mem", NULL for none. */
    private static Requirements requirements(String column) {
        return column == null ? Requirements.NONE : Requirements.parse(List.of(column));
    }

    /** The attempt of the current row (task_id, attempt, agent_id, agent_host, started_at, ended_at, state, message). */
    static TaskAttempt attempt(ResultSet rs) throws SQLException {
        return new TaskAttempt(rs.getLong("task_id"), rs.getInt("attempt"), rs.getString("agent_id"),
                rs.getString("agent_host"), instant(getLong(rs, "started_at")),
                instant(getLong(rs, "ended_at")), TaskState.valueOf(rs.getString("state")),
                rs.getString("message"));
    }
}

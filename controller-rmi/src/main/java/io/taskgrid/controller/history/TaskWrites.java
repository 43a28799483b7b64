package io.taskgrid.controller.history;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The write path of the history: new tasks, what their runs changed, their ended attempts and their mail status,
 * each call one transaction on the writer connection through its kept statements (the scheduler's group commit
 * hands over up to 512 tasks a call).
 */
final class TaskWrites {
    private static final String LAST_ID = "SELECT last_insert_rowid()";
    private static final String SET_PROJECT_ID = "UPDATE tasks SET project_id=? WHERE id=?";
    private static final String INLINE_PROGRAM = "INSERT INTO inline_programs(task_id, file_name, content) VALUES (?,?,?)";
    private static final String ENVIRONMENT = "INSERT INTO task_environments(task_id, variables) VALUES (?,?)";
    private static final String DEPENDENCY = "INSERT OR IGNORE INTO task_dependencies(task_id, kind, parent_id) VALUES (?,?,?)";
    private static final String ARRAY = "INSERT INTO task_arrays(array_id, first_index, last_index, step, run_limit) VALUES (?,?,?,?,?)";
    private static final String FIRST_OF_ARRAY = "UPDATE tasks SET array_id=?, array_index=?, project_id=? WHERE id=?";
    /** An array's members after its first, as copies of the first's row made by SQLite itself: one statement for all. */
    private static final String MEMBERS = "WITH RECURSIVE idx(i) AS (SELECT ? UNION ALL SELECT i + ? FROM idx WHERE i + ? <= ?) "
            + "INSERT INTO tasks (" + TaskRows.COPIED_COLUMNS + ", project_id, array_id, array_index) SELECT "
            + TaskRows.COPIED_COLUMNS + ", ? || '.' || i, id, i FROM tasks CROSS JOIN idx WHERE tasks.id = ? ORDER BY i";
    private static final String MEMBER_DEPENDENCY = "INSERT OR IGNORE INTO task_dependencies(task_id, kind, parent_id) "
            + "SELECT id, ?, ? FROM tasks WHERE array_id=?";
    private static final String MAIL_STATUS = "UPDATE tasks SET mail_status=? WHERE id=?";
    private static final String RECORD_DRAIN = "INSERT OR REPLACE INTO agent_drains (agent_id, reason, drained_by, drained_at)"
            + " VALUES (?,?,?,?)";
    private static final String FORGET_DRAIN = "DELETE FROM agent_drains WHERE agent_id=?";

    private final WriterConnection writer;
    private final TextIndexer textIndexer;
    private long updateTransactions; // guarded by the writer's lock

    TaskWrites(WriterConnection writer, TextIndexer textIndexer) {
        this.writer = writer;
        this.textIndexer = textIndexer;
    }

    /**
     * Inserts new tasks in one transaction and returns them with their ids; a task without a project id gets
     * {@code t<id>}. The lists are one entry per task, in the same order.
     */
    List<TaskRecord> insertAll(List<TaskRecord> drafts, List<ProgramSource> programs, List<String> fingerprints,
                               List<Map<String, String>> environments) {
        if (drafts.size() != programs.size() || drafts.size() != fingerprints.size() || drafts.size() != environments.size()) {
            throw new IllegalArgumentException("one program, one fingerprint and one environment per task");
        }
        return writer.transaction("Cannot record new tasks", statements -> {
            List<TaskRecord> out = new ArrayList<>(drafts.size());
            PreparedStatement insert = statements.get(TaskRows.INSERT);
            PreparedStatement lastId = statements.get(LAST_ID);
            PreparedStatement setProjectId = statements.get(SET_PROJECT_ID);
            PreparedStatement inline = statements.get(INLINE_PROGRAM);
            for (int i = 0; i < drafts.size(); i++) {
                TaskRecord r = drafts.get(i);
                ProgramSource p = programs.get(i);
                TaskRows.bindInsert(insert, r, p, fingerprints.get(i));
                insert.executeUpdate();
                long id;
                try (ResultSet keys = lastId.executeQuery()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                TaskRecord saved = r.toBuilder().id(id).build();
                if (saved.projectId() == null) {
                    saved = saved.toBuilder().projectId("t" + id).build();
                    setProjectId.setString(1, saved.projectId());
                    setProjectId.setLong(2, id);
                    setProjectId.executeUpdate();
                }
                if (p.isInline()) {
                    inline.setLong(1, id);
                    inline.setString(2, p.fileName());
                    inline.setBytes(3, p.inlineContent());
                    inline.executeUpdate();
                    inline.clearParameters(); // a kept statement would otherwise keep the program's bytes
                }
                if (!environments.get(i).isEmpty()) {
                    PreparedStatement variables = statements.get(ENVIRONMENT);
                    variables.setLong(1, id);
                    variables.setBytes(2, ColumnValues.encodeVariables(environments.get(i)));
                    variables.executeUpdate();
                    variables.clearParameters(); // nor keep the variables' values
                }
                if (!r.after().isEmpty()) {
                    PreparedStatement dependency = statements.get(DEPENDENCY);
                    for (Dependency d : r.after()) {
                        dependency.setLong(1, id);
                        dependency.setString(2, d.kind().name());
                        dependency.setLong(3, d.taskId());
                        dependency.executeUpdate();
                    }
                }
                out.add(saved);
            }
            return out;
        }, () -> { });
    }

    /**
     * Inserts a task array in one transaction: its first member as {@link #insertAll} inserts a task (its program,
     * variables and dependencies kept once, for all), then every other member as a copy of that row made by one
     * statement, so that 100,000 members take a fraction of a second. Members get consecutive ids in index order (the
     * single writer and AUTOINCREMENT see to it) and project ids {@code BASE.INDEX}, BASE being the draft's project id or
     * {@code t<array id>}. Returns the first member as saved.
     */
    TaskRecord insertArray(TaskRecord draft, ProgramSource program, Map<String, String> environment, TaskArray array) {
        return writer.transaction("Cannot record a new task array", statements -> {
            PreparedStatement insert = statements.get(TaskRows.INSERT);
            TaskRows.bindInsert(insert, draft, program, null);
            insert.executeUpdate();
            long id;
            try (ResultSet keys = statements.get(LAST_ID).executeQuery()) {
                keys.next();
                id = keys.getLong(1);
            }
            String base = draft.projectId() != null ? draft.projectId() : "t" + id;
            PreparedStatement first = statements.get(FIRST_OF_ARRAY);
            first.setLong(1, id);
            first.setInt(2, array.first());
            first.setString(3, base + "." + array.first());
            first.setLong(4, id);
            first.executeUpdate();
            if (program.isInline()) {
                PreparedStatement inline = statements.get(INLINE_PROGRAM);
                inline.setLong(1, id);
                inline.setString(2, program.fileName());
                inline.setBytes(3, program.inlineContent());
                inline.executeUpdate();
                inline.clearParameters();
            }
            if (!environment.isEmpty()) {
                PreparedStatement variables = statements.get(ENVIRONMENT);
                variables.setLong(1, id);
                variables.setBytes(2, ColumnValues.encodeVariables(environment));
                variables.executeUpdate();
                variables.clearParameters();
            }
            PreparedStatement arrays = statements.get(ARRAY);
            arrays.setLong(1, id);
            arrays.setInt(2, array.first());
            arrays.setInt(3, array.lastIndex());
            arrays.setInt(4, array.step());
            arrays.setInt(5, array.limit());
            arrays.executeUpdate();
            if (array.size() > 1) {
                PreparedStatement members = statements.get(MEMBERS);
                members.setInt(1, array.first() + array.step());
                members.setInt(2, array.step());
                members.setInt(3, array.step());
                members.setInt(4, array.lastIndex());
                members.setString(5, base);
                members.setLong(6, id);
                int inserted = members.executeUpdate();
                if (inserted != array.size() - 1) {
                    throw new SQLException("array " + id + " got " + (inserted + 1) + " members instead of " + array.size());
                }
            }
            PreparedStatement dependency = statements.get(MEMBER_DEPENDENCY);
            for (Dependency d : draft.after()) {
                dependency.setString(1, d.kind().name());
                dependency.setLong(2, d.taskId());
                dependency.setLong(3, id);
                dependency.executeUpdate();
            }
            return draft.toBuilder().id(id).projectId(base + "." + array.first()).arrayId(id).arrayIndex(array.first()).build();
        }, () -> { });
    }

    /**
     * Writes what the run changed of existing tasks (state, agent, result, usage; not the submission's own fields,
     * which never change) and their attempts in one transaction, then tells the text indexer which were written.
     */
    void updateAll(List<TaskRecord> records, List<TaskAttempt> attempts) {
        if (records.isEmpty() && attempts.isEmpty()) {
            return;
        }
        writer.transaction("Cannot record the state of tasks", statements -> {
            if (!records.isEmpty()) {
                PreparedStatement ps = statements.get(TaskRows.UPDATE);
                for (TaskRecord r : records) {
                    TaskRows.bindUpdate(ps, r);
                    if (ps.executeUpdate() != 1) {
                        throw new SQLException("task " + r.id() + " is not in the history");
                    }
                }
            }
            if (!attempts.isEmpty()) {
                PreparedStatement ps = statements.get(TaskRows.UPSERT_ATTEMPT);
                for (TaskAttempt a : attempts) {
                    TaskRows.bindAttempt(ps, a);
                    ps.executeUpdate();
                }
            }
            return null;
        }, () -> {
            updateTransactions++;
            textIndexer.written(records);
        });
    }

    /** Transactions {@link #updateAll} committed so far. */
    long updateTransactions() {
        return writer.guarded(() -> updateTransactions);
    }

    /** Writes only the mail status of a task, so it never races with the scheduler. */
    void recordMailStatus(long id, String status) {
        writer.statement("Cannot record the mail report of task " + id, statements -> {
            PreparedStatement ps = statements.get(MAIL_STATUS);
            ps.setString(1, status);
            ps.setLong(2, id);
            return ps.executeUpdate();
        });
    }

    void recordDrain(String agentId, String reason, String by, java.time.Instant at) {
        writer.statement("Cannot record the drain of agent " + agentId, statements -> {
            PreparedStatement ps = statements.get(RECORD_DRAIN);
            ps.setString(1, agentId);
            ps.setString(2, reason);
            ps.setString(3, by);
            ps.setLong(4, at.toEpochMilli());
            return ps.executeUpdate();
        });
    }

    void forgetDrain(String agentId) {
        writer.statement("Cannot record the resume of agent " + agentId, statements -> {
            PreparedStatement ps = statements.get(FORGET_DRAIN);
            ps.setString(1, agentId);
            return ps.executeUpdate();
        });
    }
}

package io.taskgrid.controller.history;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What retention reads and deletes: the oldest tasks by id (reads on a pooled reader, so they never hold the writer),
 * and the deletion of ended tasks, one short transaction per batch on the writer connection.
 *
 * <p>A deleted task leaves every table: its attempts and inline program here, its environment, text index entry and
 * text_pending mark through the triggers of schema steps 4 and 6. The DELETE itself checks that the task ended, so a
 * task is never deleted in a state the scheduler still acts on, whatever the caller read before.
 */
final class TaskDeletes {
    /** The states a task ends in; only tasks in one of them are ever deleted. */
    static final String ENDED = Arrays.stream(TaskState.values()).filter(TaskState::isFinal)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(",", "(", ")"));

    /**
     * The first member of an array keeps the array's inline program and its indexes: it goes only once no other member
     * is queued or running (a correlated condition on the row of {@code tasks} being deleted).
     */
    private static final String KEEPS_NO_ARRAY = " AND NOT EXISTS (SELECT 1 FROM tasks m WHERE m.array_id = tasks.id"
            + " AND m.id <> tasks.id AND m.state IN ('QUEUED','RUNNING'))";

    private final WriterConnection writer;
    private final ReaderPool readers;

    TaskDeletes(WriterConnection writer, ReaderPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    /** Up to {@code limit} tasks with ids above {@code afterId}, oldest first, without output excerpts (a rowid range). */
    List<TaskRecord> oldestAfter(long afterId, int limit) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.LIST_COLUMNS
                    + " FROM tasks WHERE id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, afterId);
                ps.setInt(2, limit);
                return TaskRows.tasks(ps);
            }
        });
    }

    /** The id of the {@code n}-th newest task, or 0 when the history holds fewer (walks n entries of the id b-tree). */
    long idOfNewest(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, not " + n);
        }
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tasks ORDER BY id DESC LIMIT 1 OFFSET ?")) {
                ps.setLong(1, n - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** The tasks that a DUPLICATE task points at (through the state index: one entry per duplicate). */
    Set<Long> duplicatedTasks() {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT duplicate_of FROM tasks WHERE state='DUPLICATE' AND duplicate_of IS NOT NULL")) {
                Set<Long> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            }
        });
    }

    /** Deletes those of the tasks that ended, in one transaction; returns the ids that went. */
    Set<Long> deleteEnded(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return writer.transaction("Cannot delete old tasks", statements -> {
            String ended = " IN (SELECT id FROM tasks WHERE id=? AND state IN " + ENDED + KEEPS_NO_ARRAY + ")";
            // Children first: their rows reference the task (foreign keys are on).
            PreparedStatement attempts = statements.get("DELETE FROM task_attempts WHERE task_id" + ended);
            PreparedStatement inline = statements.get("DELETE FROM inline_programs WHERE task_id" + ended);
            PreparedStatement task = statements.get("DELETE FROM tasks WHERE id=? AND state IN " + ENDED + KEEPS_NO_ARRAY);
            Set<Long> deleted = new HashSet<>();
            for (long id : ids) {
                attempts.setLong(1, id);
                attempts.executeUpdate();
                inline.setLong(1, id);
                inline.executeUpdate();
                task.setLong(1, id);
                if (task.executeUpdate() == 1) {
                    deleted.add(id);
                }
            }
            return deleted;
        }, () -> { });
    }
}

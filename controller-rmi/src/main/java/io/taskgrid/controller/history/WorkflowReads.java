package io.taskgrid.controller.history;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The reads of task arrays and dependencies, each on a pooled reader (through the array and parent indexes). */
final class WorkflowReads {
    private final ReaderPool readers;

    WorkflowReads(ReaderPool readers) {
        this.readers = readers;
    }

    /** The indexes and limit of array {@code arrayId}; empty when it is no array's id. */
    Optional<TaskArray> array(long arrayId) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT first_index, last_index, step, run_limit FROM task_arrays WHERE array_id=?")) {
                ps.setLong(1, arrayId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new TaskArray(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)))
                            : Optional.<TaskArray>empty();
                }
            }
        });
    }

    /** The members of array {@code arrayId} counted by state, as committed. */
    Map<TaskState, Integer> arrayCounts(long arrayId) {
        return readers.read(c -> counts(c, arrayId));
    }

    /** Array {@code arrayId} at a glance; empty when it is no array's id (or its first member is gone). */
    Optional<ArraySummary> summary(long arrayId) {
        return readers.read(c -> {
            TaskArray array;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT first_index, last_index, step, run_limit FROM task_arrays WHERE array_id=?")) {
                ps.setLong(1, arrayId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<ArraySummary>empty();
                    }
                    array = new TaskArray(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4));
                }
            }
            Map<TaskState, Integer> counts = counts(c, arrayId);
            List<Integer> failed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT array_index FROM tasks WHERE array_id=? AND state IN "
                    + "('FAILED','CANCELLED','REJECTED') ORDER BY array_index LIMIT " + ArraySummary.MAX_FAILED_LISTED)) {
                ps.setLong(1, arrayId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        failed.add(rs.getInt(1));
                    }
                }
            }
            String program = null;
            String user = null;
            Instant submitted = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT program, client_user, submitted_at FROM tasks WHERE id=?")) {
                ps.setLong(1, arrayId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        program = rs.getString(1);
                        user = rs.getString(2);
                        submitted = ColumnValues.instant(ColumnValues.getLong(rs, "submitted_at"));
                    }
                }
            }
            Instant ended = null;
            int done = counts.entrySet().stream().filter(e -> e.getKey().isFinal()).mapToInt(Map.Entry::getValue).sum();
            if (done == array.size()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT MAX(ended_at) FROM tasks WHERE array_id=?")) {
                    ps.setLong(1, arrayId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            long nanos = rs.getLong(1);
                            ended = rs.wasNull() ? null : ColumnValues.instant(nanos);
                        }
                    }
                }
            }
            return Optional.of(new ArraySummary(arrayId, array, program, user, submitted, counts, failed, ended));
        });
    }

    /**
     * The member of array {@code arrayId} with index {@code index}, without output excerpts: members have consecutive ids
     * in index order, so it is the row at the index's position after the first.
     */
    Optional<TaskRecord> member(long arrayId, int index) {
        return array(arrayId).flatMap(a -> a.positionOf(index)).flatMap(position -> readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.LIST_COLUMNS
                    + " FROM tasks WHERE id=? AND array_id=?")) {
                ps.setLong(1, arrayId + position);
                ps.setLong(2, arrayId);
                return TaskRows.first(ps);
            }
        }));
    }

    /** What task {@code taskId} waits for, in the order kept. */
    List<Dependency> dependenciesOf(long taskId) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, parent_id FROM task_dependencies WHERE task_id=? ORDER BY parent_id, kind")) {
                ps.setLong(1, taskId);
                List<Dependency> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Dependency(Dependency.Kind.valueOf(rs.getString(1)), rs.getLong(2)));
                    }
                }
                return out;
            }
        });
    }

    /** What every queued task waits for: task id → its dependencies (a task that waits for none is left out). */
    Map<Long, List<Dependency>> dependenciesOfQueued() {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT d.task_id, d.kind, d.parent_id FROM task_dependencies d"
                    + " JOIN tasks t ON t.id = d.task_id WHERE t.state='QUEUED' ORDER BY d.task_id, d.parent_id")) {
                Map<Long, List<Dependency>> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(new Dependency(Dependency.Kind.valueOf(rs.getString(2)), rs.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    /** The tasks that wait for task (or array) {@code parentId}, lowest id first, at most {@code limit}, without output. */
    List<TaskRecord> dependants(long parentId, int limit) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.LIST_COLUMNS + " FROM tasks WHERE id IN "
                    + "(SELECT task_id FROM task_dependencies WHERE parent_id=?) ORDER BY id LIMIT ?")) {
                ps.setLong(1, parentId);
                ps.setInt(2, limit);
                return TaskRows.tasks(ps);
            }
        });
    }

    private static Map<TaskState, Integer> counts(java.sql.Connection c, long arrayId) throws SQLException {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM tasks WHERE array_id=? GROUP BY state")) {
            ps.setLong(1, arrayId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(TaskState.valueOf(rs.getString(1)), rs.getInt(2));
                }
            }
        }
        return counts;
    }
}

package io.taskgrid.controller.retention;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectionTest {
    private static final Instant CUTOFF = Instant.parse("2024-03-01T00:00:00Z");

    private static TaskRecord row(long id, TaskState state, String submitted, String ended) {
        return TaskRecord.builder().id(id).project("p").program("p.py").arguments(List.of()).state(state)
                .submittedAt(Instant.parse(submitted)).endedAt(ended == null ? null : Instant.parse(ended)).attempt(1).build();
    }

    @Test
    void stopsAtTheFirstTaskSubmittedInsideBothLimits() {
        List<TaskRecord> rows = List.of(row(1, TaskState.SUCCEEDED, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"),
                row(2, TaskState.SUCCEEDED, "2024-02-28T00:00:00Z", "2024-03-02T00:00:00Z"),
                row(3, TaskState.SUCCEEDED, "2024-03-05T00:00:00Z", "2024-03-05T00:00:00Z"),
                row(4, TaskState.SUCCEEDED, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"));
        Selection.Batch b = new Selection(CUTOFF, 0).select(rows, true, Set.of());
        assertEquals(List.of(1L), b.doomed().stream().map(TaskRecord::id).toList(), "task 2 ended after the cut-off");
        assertEquals(1, b.kept());
        assertFalse(b.more(), "task 3 was submitted after the cut-off: the walk ends there");
    }

    @Test
    void theCountLimitDeletesEveryEndedTaskBelowTheIdWhateverItsAge() {
        List<TaskRecord> rows = List.of(row(1, TaskState.REJECTED, "2024-05-01T00:00:00Z", null),
                row(2, TaskState.RUNNING, "2024-05-01T00:00:00Z", null),
                row(3, TaskState.CANCELLED, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"));
        Selection.Batch b = new Selection(null, 3).select(rows, true, Set.of());
        assertEquals(List.of(1L), b.doomed().stream().map(TaskRecord::id).toList());
        assertEquals(1, b.kept(), "the running task");
        assertFalse(b.more());
    }

    @Test
    void neverSelectsQueuedRunningOrDuplicatedTasks() {
        List<TaskRecord> rows = List.of(row(1, TaskState.QUEUED, "2024-01-01T00:00:00Z", null),
                row(2, TaskState.RUNNING, "2024-01-01T00:00:00Z", null),
                row(3, TaskState.SUCCEEDED, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
                row(4, TaskState.DUPLICATE, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"));
        Selection.Batch b = new Selection(CUTOFF, 0).select(rows, true, Set.of(3L));
        assertEquals(List.of(4L), b.doomed().stream().map(TaskRecord::id).toList());
        assertEquals(3, b.kept());
        assertTrue(b.more(), "a full batch of old tasks: the walk goes on");
        assertEquals(4, b.lastId());
    }

    @Test
    void withoutLimitsNothingIsSelected() {
        assertTrue(Selection.NOTHING.none());
        assertFalse(new Selection(CUTOFF, 0).none());
    }
}

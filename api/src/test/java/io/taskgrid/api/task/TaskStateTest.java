package io.taskgrid.api.task;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskStateTest {

    @Test
    void clientsShowTheMarksOfTheOriginalDesign() {
        assertEquals("✓", TaskState.SUCCEEDED.mark());
        assertEquals("∑", TaskState.RUNNING.mark());
        assertEquals("X", TaskState.FAILED.mark());
    }

    @Test
    void aRunningTaskMayGoBackToTheQueueButAnEndedTaskNeverMoves() {
        assertTrue(TaskState.RUNNING.canMoveTo(TaskState.QUEUED));
        assertTrue(TaskState.QUEUED.canMoveTo(TaskState.RUNNING));
        assertTrue(TaskState.RUNNING.canMoveTo(TaskState.SUCCEEDED));
        assertFalse(TaskState.RUNNING.canMoveTo(TaskState.REJECTED));
        for (TaskState ended : TaskState.values()) {
            if (ended.isFinal()) {
                for (TaskState next : TaskState.values()) {
                    assertFalse(ended.canMoveTo(next), ended + " -> " + next);
                }
            }
        }
    }
}

package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WatchStateTest {
    private final WatchState state = new WatchState();

    private void tasks(int running, int queued) {
        long id = 1;
        for (int i = 0; i < running; i++) {
            state.apply(task(id++, TaskState.RUNNING).agentId("node1").build());
        }
        for (int i = 0; i < queued; i++) {
            state.apply(task(id++, TaskState.QUEUED).build());
        }
    }

    private long selectedId() {
        List<TaskRecord> shown = state.shown();
        return shown.get(state.selectedIndex(shown)).id();
    }

    @Test
    void runningTasksComeFirstAndEndedOnesLeaveTheTable() {
        state.apply(task(1, TaskState.QUEUED).build());
        state.apply(task(2, TaskState.RUNNING).build());
        state.apply(task(3, TaskState.QUEUED).build());
        assertEquals(List.of(2L, 1L, 3L), state.shown().stream().map(TaskRecord::id).toList());
        state.apply(task(2, TaskState.SUCCEEDED).build());
        assertEquals(List.of(1L, 3L), state.shown().stream().map(TaskRecord::id).toList());
        assertEquals(0, state.running());
    }

    @Test
    void arrowsMoveTheSelectionWhichStaysOnItsTaskWhenRowsMove() {
        tasks(0, 5);
        state.press(WatchKey.DOWN, "");
        state.press(WatchKey.DOWN, "");
        assertEquals(3, selectedId());
        state.apply(task(5, TaskState.RUNNING).build()); // task 5 moves to the top: the selection stays on 3
        assertEquals(3, selectedId());
        state.press(WatchKey.END, "");
        assertEquals(4, selectedId());
        state.press(WatchKey.DOWN, "");
        assertEquals(4, selectedId(), "the last row is the end");
        state.apply(task(4, TaskState.FAILED).build()); // the selected task ends: the row at its height is selected
        assertEquals(3, selectedId());
    }

    @Test
    void theTableScrollsOnlyAsFarAsTheSelectionNeeds() {
        tasks(0, 30);
        List<TaskRecord> shown = state.shown();
        assertEquals(0, state.top(shown, 10));
        for (int i = 0; i < 12; i++) {
            state.press(WatchKey.DOWN, "");
        }
        assertEquals(3, state.top(shown, 10), "row 13 is the last of ten rows from row 4");
        state.press(WatchKey.UP, "");
        assertEquals(3, state.top(shown, 10), "moving up inside the page does not scroll");
        state.press(WatchKey.PAGE_DOWN, ""); // from task 12, a page of ten rows down
        assertEquals(22, selectedId());
        state.press(WatchKey.HOME, "");
        assertEquals(0, state.top(shown, 10));
    }

    @Test
    void theFilterIsTypedKeptWithEnterAndDroppedWithEsc() {
        state.apply(task(1, TaskState.RUNNING).program("nap.sh").build());
        state.apply(task(2, TaskState.RUNNING).program("sim.py").build());
        state.press(WatchKey.FILTER, "/");
        assertEquals(WatchState.Mode.FILTERING, state.mode());
        state.press(WatchKey.TEXT, "n");
        state.press(WatchKey.TEXT, "q"); // a letter that quits in the table is text here
        state.press(WatchKey.BACKSPACE, "");
        state.press(WatchKey.TEXT, "ap");
        assertEquals("nap", state.filter());
        assertEquals(List.of(1L), state.shown().stream().map(TaskRecord::id).toList());
        state.press(WatchKey.ENTER, "");
        assertEquals(WatchState.Mode.LIST, state.mode());
        assertEquals("nap", state.filter(), "Enter keeps it");
        state.press(WatchKey.FILTER, "/");
        state.press(WatchKey.TEXT, "x");
        state.press(WatchKey.ESCAPE, "");
        assertEquals("nap", state.filter(), "Esc while typing goes back to the filter before");
        state.press(WatchKey.ESCAPE, "");
        assertEquals("", state.filter(), "Esc in the table shows everything again");
    }

    @Test
    void cancellingAsksFirstAndOnlyYesCancels() {
        tasks(2, 0);
        assertEquals(WatchState.Effect.NONE, state.press(WatchKey.CANCEL, "c"));
        assertEquals(WatchState.Mode.CONFIRMING_CANCEL, state.mode());
        assertEquals(1, state.toCancel().id());
        assertEquals(WatchState.Effect.NONE, state.press(WatchKey.NO, "n"));
        assertEquals(WatchState.Mode.LIST, state.mode());
        assertNull(state.toCancel());
        state.press(WatchKey.DOWN, "");
        state.press(WatchKey.CANCEL, "c");
        assertEquals(WatchState.Effect.NONE, state.press(WatchKey.DOWN, ""), "other keys wait for an answer");
        assertEquals(new WatchState.Effect.Cancel(2), state.press(WatchKey.YES, "y"));
        assertEquals(WatchState.Mode.LIST, state.mode());
    }

    @Test
    void theDetailFollowsItsTaskToTheEndAndEscGoesBack() {
        tasks(1, 1);
        assertEquals(new WatchState.Effect.Follow(1), state.press(WatchKey.ENTER, ""));
        assertEquals(WatchState.Mode.DETAIL, state.mode());
        state.apply(task(1, TaskState.SUCCEEDED).exitCode(0).build());
        assertEquals(TaskState.SUCCEEDED, state.detail().state(), "the ended task stays in its detail");
        assertEquals(WatchState.Effect.NONE, state.press(WatchKey.CANCEL, "c"), "an ended task is not offered to cancel");
        assertEquals(WatchState.Mode.DETAIL, state.mode());
        assertEquals(new WatchState.Effect.Unfollow(), state.press(WatchKey.ESCAPE, ""));
        assertEquals(WatchState.Mode.LIST, state.mode());
        assertNull(state.detail());
    }

    @Test
    void cancellingFromTheDetailComesBackToTheDetail() {
        tasks(1, 0);
        state.press(WatchKey.ENTER, "");
        state.press(WatchKey.CANCEL, "c");
        assertEquals(new WatchState.Effect.Cancel(1), state.press(WatchKey.YES, "y"));
        assertEquals(WatchState.Mode.DETAIL, state.mode());
    }

    @Test
    void qQuitsFromTheTable() {
        assertEquals(new WatchState.Effect.Quit(), state.press(WatchKey.QUIT, "q"));
    }
}

package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.taskgrid.fx.FakeGateway.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskActionsTest {
    private final FakeGateway controller = new FakeGateway();
    private final Background sameThread = new Background(Runnable::run, Runnable::run);
    private final HistoryViewModel history = new HistoryViewModel(() -> controller, sameThread);
    private final TaskActions actions = new TaskActions(() -> controller, sameThread, history,
            new RunAgain(() -> controller, sameThread, new SubmittedPrograms(), t -> history.apply(java.util.List.of(t))),
            new ResultOpener(sameThread, () -> controller.sharedRoot, path -> null));

    private TaskRecord shown(long id) {
        return history.row(id).task();
    }

    @Test
    void holdKeepsTheRowAndShowsItHeldReleaseLetsItGo() {
        controller.tasks.add(task(1, TaskState.QUEUED, "p"));
        controller.tasks.add(task(2, TaskState.QUEUED, "p"));
        history.reload();
        TaskRow row = history.row(1);
        actions.hold(List.of(shown(1), shown(2)));
        assertSame(row, history.row(1), "the row object stays, so the selection stays");
        assertTrue(shown(1).held() && shown(2).held());
        assertEquals("held by me", HistoryTable.stateText(shown(1)));
        assertTrue(TaskActions.canRelease(List.of(shown(1), shown(2))));
        assertFalse(TaskActions.canHold(List.of(shown(1))));
        actions.release(List.of(shown(1)));
        assertFalse(shown(1).held());
        assertEquals("", actions.errorProperty().get());
    }

    @Test
    void aRefusalIsShownAsTheControllersSentence() {
        controller.tasks.add(task(1, TaskState.QUEUED, "p"));
        history.reload();
        controller.refusal = "Only an administrator may raise a priority above 0.";
        actions.reprioritize(List.of(shown(1)), "50");
        assertEquals("Only an administrator may raise a priority above 0.", actions.errorProperty().get());
        assertEquals(0, shown(1).priority());
        controller.refusal = null;
        actions.reprioritize(List.of(shown(1)), " -5 ");
        assertEquals(-5, shown(1).priority());
        assertEquals("", actions.errorProperty().get(), "a call that goes through clears the last refusal");
    }

    @Test
    void aPriorityThatIsNotAWholeNumberInRangeIsRefusedInWords() {
        assertNull(TaskActions.priorityProblem("100"));
        assertNull(TaskActions.priorityProblem("-100"));
        assertEquals("The priority must be between -100 and 100; 101 is not.", TaskActions.priorityProblem("101"));
        assertEquals("Type a whole number between -100 and 100, such as 10; \"high\" is not one.",
                TaskActions.priorityProblem("high"));
        controller.tasks.add(task(1, TaskState.QUEUED, "p"));
        history.reload();
        actions.reprioritize(List.of(shown(1)), "1.5");
        assertEquals("Type a whole number between -100 and 100, such as 10; \"1.5\" is not one.",
                actions.errorProperty().get());
    }

    @Test
    void cancellingSeveralAsksOnceNamingHowMany() {
        TaskRecord running = task(1, TaskState.RUNNING, "p");
        TaskRecord queued = task(2, TaskState.QUEUED, "p");
        TaskRecord done = task(3, TaskState.SUCCEEDED, "p");
        assertEquals("Cancel 2 tasks? The processes of those running are killed.",
                TaskActions.cancelQuestion(List.of(running, queued)));
        assertEquals("Cancel task 2 (p2.py)?", TaskActions.cancelQuestion(List.of(queued)));
        assertTrue(TaskActions.canCancel(List.of(running, queued)));
        assertFalse(TaskActions.canCancel(List.of(running, done)), "an ended task cannot be cancelled");
        controller.tasks.addAll(List.of(running, queued));
        history.reload();
        actions.cancel(List.of(running, queued));
        assertEquals(TaskState.CANCELLED, shown(1).state());
        assertEquals(TaskState.CANCELLED, shown(2).state());
    }

    @Test
    void onlyQueuedTasksTakeAnotherPriorityOrAHold() {
        TaskRecord running = task(1, TaskState.RUNNING, "p");
        assertFalse(TaskActions.canReprioritize(List.of(running)));
        assertFalse(TaskActions.canHold(List.of(running)));
        assertFalse(TaskActions.canRelease(List.of(running)));
        assertFalse(TaskActions.canHold(List.of()), "nothing selected, nothing applies");
    }
}

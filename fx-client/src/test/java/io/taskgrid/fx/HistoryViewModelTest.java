package io.taskgrid.fx;

import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.taskgrid.fx.FakeGateway.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryViewModelTest {
    private final FakeGateway controller = new FakeGateway();
    private final HistoryViewModel model = new HistoryViewModel(() -> controller, new Background(Runnable::run, Runnable::run));

    private List<Long> ids() {
        return model.rows().stream().map(TaskRow::id).toList();
    }

    @Test
    void loadsTheNewestPageFirstAndTheNextOnDemand() {
        for (long i = 1; i <= HistoryViewModel.PAGE + 20; i++) {
            controller.tasks.add(task(i, TaskState.SUCCEEDED, "p"));
        }
        model.reload();
        assertEquals(HistoryViewModel.PAGE, model.rows().size());
        assertEquals(HistoryViewModel.PAGE + 20L, model.rows().get(0).id());
        assertTrue(model.hasMoreProperty().get());
        model.loadMore();
        assertEquals(HistoryViewModel.PAGE + 20, model.rows().size());
        assertEquals(1L, model.rows().get(model.rows().size() - 1).id());
        assertEquals(21L, controller.queries.get(1).beforeId());
        assertTrue(!model.hasMoreProperty().get());
    }

    @Test
    void scrollingLoadsTheNextPageOnlyNearTheLastLoadedRow() {
        for (long i = 1; i <= 30L * HistoryViewModel.PAGE; i++) {
            controller.tasks.add(task(i, TaskState.QUEUED, "p"));
        }
        model.reload();
        model.scrolled(0.5);
        assertEquals(HistoryViewModel.PAGE, model.rows().size(), "half way down nothing more is needed");
        model.scrolled(1.0);
        assertEquals(2 * HistoryViewModel.PAGE, model.rows().size());
        for (int page = 3; page <= 20; page++) {
            model.scrolled(1.0);
        }
        assertEquals(20 * HistoryViewModel.PAGE, model.rows().size());
        // Where the user was before the last page arrived: 500 of 10,000 rows below, far from the end.
        model.scrolled(19.0 / 20);
        assertEquals(20 * HistoryViewModel.PAGE, model.rows().size(), "a page arriving does not pull the next one");
        model.scrolled(1 - 50.0 / model.rows().size());
        assertEquals(21 * HistoryViewModel.PAGE, model.rows().size(), "50 rows from the end the next page comes");
    }

    @Test
    void anEventUpdatesTheRowInPlaceAndANewTaskGoesOnTop() {
        controller.tasks.add(task(1, TaskState.QUEUED, "p"));
        model.reload();
        TaskRow row = model.rows().get(0);
        model.apply(List.of(task(1, TaskState.RUNNING, "p"), task(2, TaskState.QUEUED, "p"), task(1, TaskState.SUCCEEDED, "p")));
        assertEquals(List.of(2L, 1L), ids());
        assertSame(row, model.rows().get(1), "the row object stays, so the selection stays");
        assertEquals(TaskState.SUCCEEDED, row.task().state());
    }

    @Test
    void aQueuedRowShowsWhyItWaitsFromItsPageAndKeepsItUntilItStopsWaitingThatWay() {
        String busy = "All 2 slots of the agents that run Python are busy; 3 tasks are ahead of it.";
        controller.tasks.add(task(1, TaskState.QUEUED, "p").toBuilder().waitReason(busy).build());
        model.reload();
        TaskRow row = model.rows().get(0);
        assertEquals(busy, HistoryTable.waitingText(row.task()));

        model.apply(List.of(task(1, TaskState.QUEUED, "p")));
        assertEquals(busy, HistoryTable.waitingText(row.task()), "an event without a reason keeps the page's");

        model.apply(List.of(task(1, TaskState.QUEUED, "p").toBuilder().heldBy("ann").build()));
        assertEquals("", HistoryTable.waitingText(row.task()), "held now: the page's reason no longer holds");

        model.apply(List.of(task(1, TaskState.RUNNING, "p")));
        assertEquals("", HistoryTable.waitingText(row.task()));

        controller.tasks.set(0, task(1, TaskState.QUEUED, "p").toBuilder().waitReason("Held by ann.").build());
        model.reload();
        assertEquals("Held by ann.", HistoryTable.waitingText(model.rows().get(0).task()), "a new page brings the new reason");
    }

    @Test
    void theStateFilterAsksTheControllerAndDropsRowsThatNoLongerMatch() {
        controller.tasks.add(task(1, TaskState.RUNNING, "p"));
        controller.tasks.add(task(2, TaskState.SUCCEEDED, "p"));
        model.showStates(List.of(TaskState.RUNNING));
        assertEquals(TaskState.RUNNING, controller.queries.get(controller.queries.size() - 1).state());
        assertEquals(List.of(1L), ids());
        model.apply(List.of(task(1, TaskState.SUCCEEDED, "p")));
        assertEquals(List.of(), ids());
        assertNull(model.row(1));
    }

    @Test
    void severalStatesShowTheTasksInAnyOfThemNewestFirstAsOneQueryEach() {
        controller.tasks.add(task(1, TaskState.RUNNING, "p"));
        controller.tasks.add(task(2, TaskState.SUCCEEDED, "p"));
        controller.tasks.add(task(3, TaskState.FAILED, "p"));
        controller.tasks.add(task(4, TaskState.SUCCEEDED, "p"));
        int before = controller.queries.size();
        model.showStates(List.of(TaskState.SUCCEEDED, TaskState.FAILED));
        assertEquals(List.of(4L, 3L, 2L), ids());
        assertEquals(java.util.Set.of(TaskState.SUCCEEDED, TaskState.FAILED), controller.queries.subList(before, controller.queries.size())
                .stream().map(io.taskgrid.api.task.HistoryQuery::state).collect(java.util.stream.Collectors.toSet()));
        assertTrue(model.matches(task(9, TaskState.FAILED, "p")) && !model.matches(task(9, TaskState.RUNNING, "p")));
        model.apply(List.of(task(1, TaskState.SUCCEEDED, "p"), task(5, TaskState.QUEUED, "p")));
        assertEquals(List.of(4L, 3L, 2L, 1L), ids(), "a task that now matches joins; one that does not stays out");
        model.showStates(List.of());
        assertEquals(List.of(4L, 3L, 2L, 1L), ids(), "no state checked shows all (task 5 was never at the controller)");
    }

    @Test
    void severalStatesPageTogetherWithoutLosingOrRepeatingTasks() {
        for (long i = 1; i <= 2L * HistoryViewModel.PAGE; i++) {
            controller.tasks.add(task(i, i % 2 == 0 ? TaskState.SUCCEEDED : TaskState.FAILED, "p"));
        }
        controller.tasks.add(task(2L * HistoryViewModel.PAGE + 1, TaskState.RUNNING, "p"));
        model.showStates(List.of(TaskState.SUCCEEDED, TaskState.FAILED));
        assertEquals(HistoryViewModel.PAGE, model.rows().size());
        assertTrue(model.hasMoreProperty().get());
        model.loadMore();
        assertEquals(2 * HistoryViewModel.PAGE, model.rows().size());
        assertEquals(2L * HistoryViewModel.PAGE, model.rows().get(0).id());
        assertEquals(1L, model.rows().get(model.rows().size() - 1).id());
        assertEquals(2 * HistoryViewModel.PAGE, ids().stream().distinct().count());
    }

    @Test
    void theTextFilterMatchesProjectProgramAgentAndMessageIgnoringCase() {
        model.filterTextProperty().set("ALPHA");
        assertEquals("ALPHA", controller.queries.get(controller.queries.size() - 1).text());
        TaskRecord byAgent = task(5, TaskState.RUNNING, "x").toBuilder().agentId("alpha-agent").build();
        model.apply(List.of(task(3, TaskState.QUEUED, "alpha"), task(4, TaskState.QUEUED, "beta"), byAgent));
        assertEquals(List.of(5L, 3L), ids());
    }

    @Test
    void aTaskOlderThanTheLoadedPagesWaitsForItsPage() {
        for (long i = 1; i <= HistoryViewModel.PAGE + 5; i++) {
            controller.tasks.add(task(i, TaskState.SUCCEEDED, "p"));
        }
        model.reload();
        model.apply(List.of(task(2, TaskState.SUCCEEDED, "p")));
        assertNull(model.row(2));
        assertEquals(HistoryViewModel.PAGE, model.rows().size());
    }

    @Test
    void aFailedLoadShowsTheSentence() {
        HistoryViewModel broken = new HistoryViewModel(() -> {
            throw new ControllerUnreachableException("Cannot reach the controller at localhost:1099.", null);
        }, new Background(Runnable::run, Runnable::run));
        broken.reload();
        assertEquals("Cannot reach the controller at localhost:1099.", broken.errorProperty().get());
        assertTrue(!broken.loadingProperty().get());
    }
}

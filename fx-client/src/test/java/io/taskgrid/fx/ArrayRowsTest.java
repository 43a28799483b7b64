package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.collections.transformation.SortedList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.taskgrid.fx.FakeGateway.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The folded history: an array is one row with its counts, and lists its members under it when expanded. */
class ArrayRowsTest {
    private final FakeGateway controller = new FakeGateway();
    private final HistoryViewModel model = new HistoryViewModel(() -> controller, new Background(Runnable::run, Runnable::run));

    /** Task 1, then array 2 of four members (ids 2 to 5): 2 succeeded, 1 running, 1 failed. */
    private void oneTaskAndAnArray() {
        controller.tasks.add(task(1, TaskState.SUCCEEDED, "p"));
        List<TaskRecord> members = new ArrayList<>(FakeGateway.array(2, 4, TaskState.SUCCEEDED));
        members.set(2, members.get(2).toBuilder().state(TaskState.RUNNING).build());
        members.set(3, members.get(3).toBuilder().state(TaskState.FAILED).build());
        controller.tasks.addAll(members);
        model.reload();
    }

    private static List<String> ids(List<TaskRow> rows) {
        return rows.stream().map(r -> ArrayWords.id(r.shownProperty().get())).toList();
    }

    @Test
    void anArrayIsOneRowShowingItsSizeAndItsCountsAsMarks() {
        oneTaskAndAnArray();
        assertTrue(controller.queries.get(0).oneRowPerArray(), "the history is asked with arrays folded");
        assertEquals(List.of("2[4]", "1"), ids(model.rows()));
        TaskRow array = model.row(2);
        assertTrue(array.isArray());
        assertEquals("2✓ 1∑ 1X", ArrayWords.counts(array.array()));
        assertEquals("2✓ 1∑ 1X; failed: 4", ArrayWords.message(array.array()));
        assertEquals(TaskState.RUNNING, ArrayWords.state(array.shownProperty().get()), "running while a member runs");
    }

    @Test
    void membersEventsAddNoRowsAndTheirCountsAreAskedOncePerFlush() {
        oneTaskAndAnArray();
        assertEquals(1, controller.arraysAsked.get());
        TaskRecord third = controller.member(2, 3).toBuilder().state(TaskState.SUCCEEDED).build();
        controller.tasks.replaceAll(t -> t.id() == third.id() ? third : t);
        for (int i = 0; i < 50; i++) {
            model.apply(List.of(third, controller.member(2, 4)));
        }
        assertEquals(List.of("2[4]", "1"), ids(model.rows()), "members stay in their array's row");
        assertEquals(1, controller.arraysAsked.get(), "nothing asked before the tick");
        model.arrays().flush();
        model.arrays().flush();
        assertEquals(2, controller.arraysAsked.get(), "one call for a hundred events");
        assertEquals("3✓ 1X", ArrayWords.counts(model.row(2).array()));
        assertEquals(TaskState.FAILED, ArrayWords.state(model.row(2).shownProperty().get()), "ended, one failed");
    }

    @Test
    void expandingListsTheMembersUnderTheArrayInIndexOrderWhateverTheSort() {
        oneTaskAndAnArray();
        SortedList<TaskRow> sorted = new SortedList<>(model.rows());
        ArrayExpansion shown = new ArrayExpansion(sorted, model.arrays().expanded());
        model.arrays().toggle(model.row(2));
        assertEquals(List.of("2[4]", "2.1", "2.2", "2.3", "2.4", "1"), ids(shown.rows()));

        sorted.setComparator(Comparator.comparingLong(TaskRow::id)); // rising ids, as a click on the header
        assertEquals(List.of("1", "2[4]", "2.1", "2.2", "2.3", "2.4"), ids(shown.rows()));

        TaskRow listed = shown.rows().get(4);
        model.apply(List.of(controller.member(2, 3).toBuilder().state(TaskState.SUCCEEDED).build()));
        assertSame(listed, shown.rows().get(4), "a member's event updates its row in place");
        assertEquals(TaskState.SUCCEEDED, listed.task().state());

        model.apply(List.of(task(6, TaskState.QUEUED, "p")));
        assertEquals(List.of("1", "2[4]", "2.1", "2.2", "2.3", "2.4", "6"), ids(shown.rows()), "a new task goes where the sort puts it");

        model.arrays().toggle(model.row(2));
        assertEquals(List.of("1", "2[4]", "6"), ids(shown.rows()));
    }

    @Test
    void anArrayRowThatGoesTakesItsMembersAlong() {
        oneTaskAndAnArray();
        ArrayExpansion shown = new ArrayExpansion(model.rows(), model.arrays().expanded());
        model.arrays().expand(2);
        model.showStates(List.of(TaskState.SUCCEEDED)); // the array's first member succeeded: its row stays
        assertEquals(List.of("2[4]", "2.1", "2.2", "2.3", "2.4", "1"), ids(shown.rows()), "reloaded, listed anew");
        model.filterTextProperty().set("nothing-matches");
        assertEquals(List.of(), ids(shown.rows()));
        assertTrue(!model.arrays().isExpanded(2), "its row went: collapsed");
    }

    @Test
    void cancelOnAnArrayCancelsTheWholeArrayAndItsRowShowsTheNewCounts() {
        oneTaskAndAnArray();
        TaskActions actions = new TaskActions(() -> controller, new Background(Runnable::run, Runnable::run), model,
                new RunAgain(() -> controller, new Background(Runnable::run, Runnable::run), new SubmittedPrograms(), t -> {
                }), null);
        actions.cancelArray(2);
        assertEquals(List.of("cancel 2"), controller.arrayActions);
        assertEquals("2✓ 1X 1⊘", ArrayWords.counts(model.row(2).array()));
        assertTrue(TaskActions.canCancelArray(null) && !TaskActions.canCancelArray(model.row(2).array()),
                "nothing left to cancel once every member ended");
    }
}

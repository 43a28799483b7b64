package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.taskgrid.fx.FakeGateway.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history keeps a bounded number of rows while events keep coming; dropped rows come back with their pages. */
class HistoryBoundTest {
    private static final int BATCH = 100;

    private final FakeGateway controller = new FakeGateway();
    private final HistoryViewModel model = new HistoryViewModel(() -> controller, new Background(Runnable::run, Runnable::run));
    private long pinned = Long.MAX_VALUE;
    private long nextId = 1;

    HistoryBoundTest() {
        model.pinWith(() -> pinned);
    }

    private List<Long> ids() {
        return model.rows().stream().map(TaskRow::id).toList();
    }

    /** {@code n} new tasks at the controller, each announced by an event, in batches as the coalescer hands them on. */
    private void arrive(int n) {
        for (int done = 0; done < n; done += BATCH) {
            List<TaskRecord> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, n - done); i++) {
                TaskRecord t = task(nextId++, TaskState.SUCCEEDED, "p");
                controller.tasks.add(t);
                batch.add(t);
            }
            model.apply(batch);
        }
    }

    /** Newest first, one apart: no gaps, no repeats; the newest task on top. */
    private void assertContiguousFromNewest() {
        List<Long> ids = ids();
        assertEquals(nextId - 1, ids.get(0), "the newest task is on top");
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i - 1) - 1, ids.get(i), "no gap and no repeat at row " + i);
        }
        for (long id : ids) {
            assertNotNull(model.row(id), "every row shown is known by its id");
        }
    }

    @Test
    void aFloodOfEventsKeepsTheNewestRowsOnlyAndScrollingDownPagesTheDroppedOnesBack() {
        arrive(HistoryViewModel.PAGE);
        model.reload();
        arrive(20_000);
        int rows = model.rows().size();
        assertTrue(rows >= HistoryBound.LIVE_ROWS && rows <= HistoryBound.LIVE_ROWS + HistoryBound.SLACK + BATCH,
                "20,500 tasks, " + rows + " rows kept");
        assertContiguousFromNewest();
        assertTrue(model.hasMoreProperty().get(), "the dropped rows are still at the controller");
        assertNull(model.row(1), "the oldest are dropped, by id too");

        while (model.hasMoreProperty().get()) {
            model.scrolled(1.0);
        }
        assertEquals(nextId - 1, model.rows().size(), "every task once, after paging down to the oldest");
        assertContiguousFromNewest();
    }

    @Test
    void rowsDownToTheOnesThePersonReadsStayWithAPageBelowThem() {
        arrive(5_000);
        model.reload();
        for (int page = 0; page < 8; page++) {
            model.loadMore();
        }
        assertEquals(4_500, model.rows().size());
        TaskRow read = model.rows().get(3_000);
        pinned = read.id();
        arrive(3_000);
        assertSame(read, model.row(read.id()), "the row read stays, the same object (the table keeps it in view)");
        int at = model.rows().indexOf(read);
        assertEquals(6_000, at, "3,000 new rows above it");
        assertTrue(model.rows().size() >= at + 1 + HistoryViewModel.PAGE, "a page below it stays: scrolling on never waits");
        assertContiguousFromNewest();

        pinned = Long.MAX_VALUE; // back at the top
        arrive(BATCH);
        assertTrue(model.rows().size() <= HistoryBound.LIVE_ROWS + HistoryBound.SLACK + BATCH, model.rows().size() + " rows");
        assertContiguousFromNewest();
    }

    @Test
    void aSelectedOldRowIsNotDropped() {
        arrive(3_000);
        model.reload();
        for (int page = 0; page < 3; page++) {
            model.loadMore();
        }
        TaskRow selected = model.rows().get(1_900);
        pinned = selected.id();
        arrive(10_000);
        assertSame(selected, model.row(selected.id()));
        assertEquals(11_900, model.rows().indexOf(selected));
        assertContiguousFromNewest();
    }

    @Test
    void anUpdateOfADroppedTaskDoesNotBringItBackOutOfOrder() {
        arrive(HistoryViewModel.PAGE);
        model.reload();
        arrive(5_000);
        long dropped = model.rows().get(model.rows().size() - 1).id() - 10;
        assertNull(model.row(dropped));
        model.apply(List.of(task(dropped, TaskState.FAILED, "p")));
        assertNull(model.row(dropped), "it comes back with its page, in its place");
        assertContiguousFromNewest();
    }

    @Test
    void aPageAskedForBeforeTheOldestRowsWereDroppedIsNotJoinedBelowTheGap() {
        java.util.Deque<Runnable> fetches = new java.util.ArrayDeque<>();
        HistoryViewModel slow = new HistoryViewModel(() -> controller, new Background(fetches::add, Runnable::run));
        arrive(3_000);
        slow.reload();
        fetches.pop().run();
        for (int page = 0; page < 3; page++) {
            slow.loadMore();
            fetches.pop().run();
        }
        assertEquals(2_000, slow.rows().size());
        slow.loadMore(); // the person pressed End, then Home before the page came
        List<TaskRecord> batch = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            TaskRecord t = task(nextId++, TaskState.SUCCEEDED, "p");
            controller.tasks.add(t);
            batch.add(t);
        }
        slow.apply(batch);
        assertEquals(HistoryBound.LIVE_ROWS, slow.rows().size(), "2,600 rows: the oldest 600 dropped");
        fetches.pop().run();
        assertEquals(HistoryBound.LIVE_ROWS, slow.rows().size(), "the page that followed the dropped rows is not added");
        assertTrue(!slow.loadingProperty().get());
        slow.loadMore();
        fetches.pop().run();
        List<Long> ids = slow.rows().stream().map(TaskRow::id).toList();
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i - 1) - 1, ids.get(i), "no gap and no repeat at row " + i);
        }
        assertEquals(HistoryBound.LIVE_ROWS + HistoryViewModel.PAGE, ids.size());
    }
}

package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static io.taskgrid.fx.FakeGateway.task;
import static io.taskgrid.fx.Fx.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history table, on an in-memory controller, while rows arrive above the ones the person reads: they stay in place,
 * and the rows dropped by the bound are never the ones shown or selected.
 */
class HistoryTableIT {
    private final FxRobot robot = new FxRobot();
    private final FakeGateway controller = new FakeGateway();
    private final ExecutorService following = Executors.newSingleThreadExecutor();
    private MainViewModel model;
    private HistoryTable history;
    private Stage stage;
    private long nextId = 1;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void open() throws Exception {
        FxToolkit.registerPrimaryStage();
        arrive(3_000, false);
        robot.interact(() -> {
            model = new MainViewModel(() -> controller, new Background(Runnable::run, Runnable::run), following, "me",
                    Clock.systemUTC());
            stage = new Stage();
            history = new HistoryTable(model.history(), model.actions(), model.connectedProperty(),
                    new Formats(clock), row -> { }, stage);
            stage.setScene(new Scene(history.build(), 900, 500));
            stage.show();
            model.history().reload();
            for (int page = 0; page < 5; page++) {
                model.history().loadMore();
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() {
        robot.interact(() -> stage.hide());
        following.shutdownNow();
    }

    /** {@code n} new tasks at the controller, announced to the window in batches of 100 when {@code told}. */
    private void arrive(int n, boolean told) {
        for (int done = 0; done < n; done += 100) {
            List<TaskRecord> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(100, n - done); i++) {
                TaskRecord t = task(nextId++, TaskState.SUCCEEDED, "p");
                controller.tasks.add(t);
                batch.add(t);
            }
            if (told) {
                robot.interact(() -> model.history().apply(batch));
            }
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private TableView<TaskRow> table() {
        return history.table();
    }

    /** The row drawn at the top of the table and its cell's height above the top (0 when whole). */
    private Object[] top() throws Exception {
        return fx(() -> {
            VirtualFlow<?> flow = (VirtualFlow<?>) table().lookup(".virtual-flow");
            IndexedCell<?> first = flow.getFirstVisibleCell();
            return new Object[]{((TaskRow) first.getItem()).id(), first.getLayoutY()};
        });
    }

    @Test
    void rowsArrivingAboveLeaveTheRowsReadInPlace() throws Exception {
        assertEquals(3_000, (int) fx(() -> table().getItems().size()));
        robot.interact(() -> {
            table().scrollTo(500);
            table().getSelectionModel().clearAndSelect(505);
        });
        WaitForAsyncUtils.waitForFxEvents();
        Object[] before = top();
        TaskRow selected = fx(() -> table().getSelectionModel().getSelectedItem());
        assertEquals(2_500L, before[0], "row 500 (task 2,500) at the top");

        arrive(250, true);
        assertEquals(before[0], top()[0], "the same row at the top after 250 rows arrived above it");
        assertEquals((double) before[1], (double) top()[1], 0.5, "at the same height");
        assertSame(selected, fx(() -> table().getSelectionModel().getSelectedItem()), "the selection stays");

        robot.interact(() -> table().scrollTo(0));
        WaitForAsyncUtils.waitForFxEvents();
        arrive(10, true);
        assertEquals(nextId - 1, top()[0], "at the top the newest come into view");
    }

    @Test
    void theFloodDropsOldRowsButNeverTheOnesReadOrSelected() throws Exception {
        robot.interact(() -> {
            table().scrollTo(2_600);
            table().getSelectionModel().clearAndSelect(2_990);
        });
        WaitForAsyncUtils.waitForFxEvents();
        long read = (long) top()[0];
        long selected = fx(() -> table().getSelectionModel().getSelectedItem().id());
        arrive(5_000, true);
        assertEquals(read, top()[0], "the row read stays at the top");
        assertEquals(selected, (long) fx(() -> table().getSelectionModel().getSelectedItem().id()));
        List<Long> ids = fx(() -> model.history().rows().stream().map(TaskRow::id).toList());
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i - 1) - 1, ids.get(i), "no gap and no repeat at row " + i);
        }
        assertTrue(ids.get(ids.size() - 1) <= selected, "rows down to the selected one stay");

        robot.interact(() -> {
            table().getSelectionModel().clearSelection();
            table().scrollTo(0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        arrive(1_000, true);
        int rows = fx(() -> model.history().rows().size());
        assertTrue(rows <= HistoryBound.LIVE_ROWS + HistoryBound.SLACK + 100, "back at the top: " + rows + " rows kept");
    }

    @Test
    void aRunningTasksDurationIsDrawnAgainEachSecondInTheSameCell() throws Exception {
        TaskRecord running = task(nextId++, TaskState.RUNNING, "p").toBuilder().startedAt(now.get()).build();
        controller.tasks.add(running);
        robot.interact(() -> model.history().apply(List.of(running)));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Labeled[] cell = new javafx.scene.control.Labeled[1];
        String before = fx(() -> {
            cell[0] = (javafx.scene.control.Labeled) table().lookupAll(".table-cell").stream()
                    .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && "duration-column".equals(c.getTableColumn().getId())
                            && c.getItem() instanceof TaskRow.Shown s && s.task().id() == running.id())
                    .findFirst().orElseThrow();
            return cell[0].getText();
        });
        now.set(now.get().plusSeconds(75));
        robot.interact(() -> history.refreshRunning());
        WaitForAsyncUtils.waitForFxEvents();
        String after = fx(() -> cell[0].getText());
        assertTrue(!after.equals(before) && after.startsWith("1m"), "the duration grew from '" + before + "' to '" + after + "'");
    }
}

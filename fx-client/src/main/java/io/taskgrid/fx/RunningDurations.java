package io.taskgrid.fx;

import io.taskgrid.api.task.TaskState;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.util.Callback;

import java.util.function.Function;

/**
 * The history's duration cells: a running task's duration grows while nothing else changes, so at each {@link #tick()}
 * every cell that shows a running task draws its text again — and nothing else is touched. ({@code table.refresh()},
 * used before, builds every visible cell anew, CSS and all: with tasks always running, ~40 rows rebuilt every second
 * on the FX thread, in the way of key presses.)
 */
final class RunningDurations {
    private final LongProperty ticks = new SimpleLongProperty();

    /** Cells with {@code text}, drawn again at each tick while they show a running task. */
    Callback<TableColumn<TaskRow, TaskRow.Shown>, TableCell<TaskRow, TaskRow.Shown>> cells(Function<TaskRow.Shown, String> text) {
        return col -> new TableCell<>() {
            /** Held by the cell; the ticks hold it weakly, so it goes with the cell. */
            private final InvalidationListener redraw = o -> {
                TaskRow.Shown t = getItem();
                if (t != null && !isEmpty() && t.task().state() == TaskState.RUNNING) {
                    setText(text.apply(t));
                }
            };

            {
                ticks.addListener(new WeakInvalidationListener(redraw));
            }

            @Override
            protected void updateItem(TaskRow.Shown item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        };
    }

    /** A second has gone by. */
    void tick() {
        ticks.set(ticks.get() + 1);
    }
}

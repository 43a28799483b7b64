package io.taskgrid.fx;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;

/**
 * Keeps the history still under the person's eyes: while they read older rows, rows added above (a task submitted, a
 * batch of events) would move what they read down by as many rows — the table keeps the index at its top, not the
 * row — so the table is scrolled by as much, to the same row at the same height. At the very top it does nothing: there
 * the newest rows come into view as they arrive. It also tells which rows are shown or selected
 * ({@link #oldestPinnedId()}), which {@link HistoryBound} keeps.
 */
final class HistoryAnchor {
    private final TableView<TaskRow> table;
    private VirtualFlow<?> flow;

    HistoryAnchor(TableView<TaskRow> table) {
        this.table = table;
    }

    /** Once the table has its skin: follows the changes of what it shows. */
    void install(VirtualFlow<?> flow) {
        this.flow = flow;
        table.getItems().addListener(this::changed);
    }

    /**
     * Runs after the list changed and before the table lays its rows out again: the cells still show the rows as they
     * were drawn, so the first visible cell holds the row the person sees at the top and where it was.
     */
    private void changed(ListChangeListener.Change<? extends TaskRow> c) {
        IndexedCell<?> first = flow.getFirstVisibleCell();
        if (first == null || !(first.getItem() instanceof TaskRow row)) {
            return;
        }
        int was = first.getIndex();
        double y = first.getLayoutY();
        if (was == 0 && y >= 0) {
            return; // at the top: the newest come into view
        }
        ObservableList<TaskRow> items = table.getItems();
        int now = items.indexOf(row);
        if (now < 0 || now == was) {
            return;
        }
        flow.setCellCount(items.size());
        flow.scrollToTop(now);
        if (y < 0) {
            flow.scrollPixels(-y);
        }
    }

    /** The id of the oldest row the person sees or has selected; {@link Long#MAX_VALUE} for none. */
    long oldestPinnedId() {
        long oldest = Long.MAX_VALUE;
        for (TaskRow row : table.getSelectionModel().getSelectedItems()) {
            if (row != null) {
                oldest = Math.min(oldest, row.id());
            }
        }
        if (flow == null) {
            return oldest;
        }
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (first == null || last == null || (first.getIndex() == 0 && table.getSortOrder().isEmpty())) {
            return oldest; // at the top, newest first: the live rows, which are kept anyway
        }
        for (int i = first.getIndex(); i <= last.getIndex(); i++) { // the rows as drawn
            IndexedCell<?> cell = flow.getVisibleCell(i);
            if (cell != null && cell.getItem() instanceof TaskRow row) {
                oldest = Math.min(oldest, row.id());
            }
        }
        return oldest;
    }
}

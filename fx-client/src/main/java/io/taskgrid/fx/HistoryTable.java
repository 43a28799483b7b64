package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The history table of the main window, bound to {@link HistoryViewModel}: the state mark, columns wide enough for
 * large ids and long run times, rows shown as unknown while the controller is away, Enter or a double click to open
 * a task, Delete to cancel it, and the next page loaded as the user scrolls.
 */
final class HistoryTable {
    /** Wide enough for ids up to 9,999,999. */
    private static final double ID_WIDTH = 78;
    /** Wide enough for "10h02m". */
    private static final double DURATION_WIDTH = 84;
    /** No column is squeezed below this (the id and the duration stay readable). */
    private static final double MIN_WIDTH = 70;

    private final HistoryViewModel history;
    private final ObservableBooleanValue connected;
    private final Formats formats;
    private final Consumer<TaskRow> open;
    private final Consumer<TaskRow> cancel;
    private final TableView<TaskRow> table = new TableView<>();

    HistoryTable(HistoryViewModel history, ObservableBooleanValue connected, Formats formats, Consumer<TaskRow> open,
                 Consumer<TaskRow> cancel) {
        this.history = history;
        this.connected = connected;
        this.formats = formats;
        this.open = open;
        this.cancel = cancel;
    }

    TableView<TaskRow> table() {
        return table;
    }

    VBox build() {
        table.setId("history");
        table.setItems(history.rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(markColumn());
        table.getColumns().add(column("id", "Id", ID_WIDTH, t -> Long.toString(t.id()), "number"));
        table.getColumns().add(column("project", "Project", 120, t -> t.project() + (t.projectId() == null ? "" : " / " + t.projectId()), null));
        table.getColumns().add(column("program", "Program", 220, t -> t.program() + (t.arguments().isEmpty() ? "" : " " + String.join(" ", t.arguments())), null));
        table.getColumns().add(column("agent", "Agent", 200, t -> t.agentId() == null ? "" : t.agentId()
                + (t.agentHost() == null ? "" : " @ " + t.agentHost()), null));
        table.getColumns().add(column("submitted", "Submitted", 130, t -> formats.when(t.submittedAt()), null));
        // Frozen at the moment the controller went away: whether the task still runs is not known.
        table.getColumns().add(column("duration", "Duration", DURATION_WIDTH,
                t -> formats.duration(t, history.staleSinceProperty().get()), "number"));
        table.getColumns().add(column("message", "Message", 300, t -> firstLine(t.message()), null));
        Label empty = new Label();
        empty.setId("history-placeholder");
        empty.setWrapText(true);
        empty.textProperty().bind(Bindings.when(connected).then(history.summaryProperty())
                .otherwise("No tasks to show until the window is connected; the status bar says how that goes."));
        table.setPlaceholder(empty);
        table.setRowFactory(v -> {
            TableRow<TaskRow> row = new TableRow<>() {
                @Override
                protected void updateItem(TaskRow item, boolean empty) {
                    super.updateItem(item, empty);
                    boolean unknown = !empty && item != null && history.unknown(item.task());
                    getStyleClass().remove(MainView.STALE);
                    if (unknown) {
                        getStyleClass().add(MainView.STALE);
                    }
                    setTooltip(unknown ? new Tooltip("Its state is not known while the controller is away: "
                            + item.task().state().label() + " when it was last heard of.") : null);
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            TaskRow selected = table.getSelectionModel().getSelectedItem();
            if (selected == null) {
                return;
            }
            if (e.getCode() == KeyCode.ENTER) {
                open.accept(selected);
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                cancel.accept(selected);
                e.consume();
            }
        });
        table.skinProperty().addListener((o, was, skin) -> watchScrolling());
        history.staleSinceProperty().addListener((o, was, now) -> table.refresh());
        // Another filter shows other tasks: start at the top, the newest.
        history.filterTextProperty().addListener((o, was, now) -> table.scrollTo(0));
        history.filterStateProperty().addListener((o, was, now) -> table.scrollTo(0));
        VBox.setVgrow(table, Priority.ALWAYS);
        Label error = MainView.errorLabel(history.errorProperty());
        return new VBox(error, table);
    }

    /** Loads the next page when the user scrolls near the end of what is loaded. */
    private void watchScrolling() {
        if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.positionProperty().addListener((o, was, now) -> history.scrolled(now.doubleValue()));
        }
    }

    /** The state mark (✓ ∑ X …) in its colour, with the state's name as its tooltip. */
    private TableColumn<TaskRow, TaskRecord> markColumn() {
        TableColumn<TaskRow, TaskRecord> c = taskColumn("mark", "", 34, (cell, item) -> {
            cell.getStyleClass().removeIf(s -> s.startsWith("state-"));
            cell.setText(item == null ? null : item.state().mark());
            cell.setTooltip(item == null ? null : new Tooltip(item.state().label()));
            if (item != null) {
                cell.getStyleClass().addAll("mark", Formats.stateClass(item.state()));
            }
        });
        c.setMinWidth(34);
        c.setMaxWidth(34);
        return c;
    }

    private static TableColumn<TaskRow, TaskRecord> column(String id, String title, double width,
                                                           Function<TaskRecord, String> text, String styleClass) {
        TableColumn<TaskRow, TaskRecord> c = taskColumn(id, title, width,
                (cell, item) -> cell.setText(item == null ? null : text.apply(item)));
        c.setMinWidth(Math.min(width, MIN_WIDTH));
        if (styleClass != null) {
            c.getStyleClass().add(styleClass);
        }
        return c;
    }

    /** A column of the row's task, drawn by {@code draw} (with null for an empty row). */
    private static TableColumn<TaskRow, TaskRecord> taskColumn(String id, String title, double width,
                                                               BiConsumer<TableCell<TaskRow, TaskRecord>, TaskRecord> draw) {
        TableColumn<TaskRow, TaskRecord> c = new TableColumn<>(title);
        c.setId(id + "-column");
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cd -> cd.getValue().taskProperty());
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(TaskRecord item, boolean empty) {
                super.updateItem(item, empty);
                draw.accept(this, empty ? null : item);
            }
        });
        return c;
    }

    /** Redraws the rows while a task runs: its duration grows while nothing else changes. */
    void refreshRunning() {
        if (history.staleSinceProperty().get() != null) {
            return; // durations are frozen while the controller is away
        }
        for (TaskRow row : history.rows()) {
            if (row.task().state() == TaskState.RUNNING) {
                table.refresh();
                return;
            }
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " …";
    }
}

package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
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
import javafx.stage.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The history table of the main window, bound to {@link HistoryViewModel}: the state mark, columns wide enough for
 * large ids and long run times, sortable by a click on a column's header (the view sorts a {@link SortedList} over the
 * model's rows: live rows keep coming, the selection stays), several rows selectable for the context menu
 * ({@link HistoryMenu}), rows shown as unknown while the controller is away and marked while held, Enter or a double
 * click to open a task, Delete to cancel the selected ones, and the next page loaded as the user scrolls.
 */
final class HistoryTable {
    /** Wide enough for ids up to 9,999,999, and for an array's "▾ 1234567[1000]". */
    private static final double ID_WIDTH = 120;
    /** Wide enough for "10h02m". */
    private static final double DURATION_WIDTH = 84;
    /** No column is squeezed below this (the id and the duration stay readable). */
    private static final double MIN_WIDTH = 70;
    /** The style class of a queued task kept from starting. */
    static final String HELD = "held";

    private final HistoryViewModel history;
    private final ObservableBooleanValue connected;
    private final Formats formats;
    private final Consumer<TaskRow> open;
    private final TaskActions actions;
    private final Window owner;
    private final TableView<TaskRow> table = new TableView<>();
    private final HistoryAnchor anchor = new HistoryAnchor(table);
    private final RunningDurations durations = new RunningDurations();
    private HistoryMenu menu;

    HistoryTable(HistoryViewModel history, TaskActions actions, ObservableBooleanValue connected, Formats formats,
                 Consumer<TaskRow> open, Window owner) {
        this.history = history;
        this.actions = actions;
        this.connected = connected;
        this.formats = formats;
        this.open = open;
        this.owner = owner;
    }

    TableView<TaskRow> table() {
        return table;
    }

    /** What can be done to the selected tasks (the context menu's, the Task menu's); after {@link #build()}. */
    HistoryMenu menu() {
        return menu;
    }

    VBox build() {
        table.setId("history");
        // The model keeps its rows newest first; the view shows them in the order of the column clicked.
        // A changed row is redrawn in place (not moved) so that the selection stays; new rows go where they sort.
        SortedList<TaskRow> sorted = new SortedList<>(history.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        // Expanded arrays list their members under their rows, whatever the sort: the sorted list does the sorting
        // and the expansion follows it, so the table must not sort its items itself.
        table.setItems(new ArrayExpansion(sorted, history.arrays().expanded()).rows());
        table.setSortPolicy(t -> true);
        history.arrays().expanded().addListener((MapChangeListener<Long, java.util.List<TaskRow>>) c -> table.refresh());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(markColumn());
        table.getColumns().add(column("id", "Id", ID_WIDTH, this::idText, "number",
                Comparator.comparingLong((TaskRow.Shown s) -> s.task().id()).thenComparing(s -> s.task().displayId())));
        Function<TaskRow.Shown, String> project = task(t -> t.project() + (t.projectId() == null ? "" : " / " + t.projectId()));
        table.getColumns().add(column("project", "Project", 120, project, null, byText(project)));
        Function<TaskRow.Shown, String> program = task(t -> t.program() + (t.arguments().isEmpty() ? "" : " " + String.join(" ", t.arguments())));
        table.getColumns().add(column("program", "Program", 220, program, null, byText(program)));
        // An array's members run on many agents, and for different times: its row names neither.
        Function<TaskRow.Shown, String> agent = s -> s.isArray() || s.task().agentId() == null ? "" : s.task().agentId()
                + (s.task().agentHost() == null ? "" : " @ " + s.task().agentHost());
        table.getColumns().add(column("agent", "Agent", 200, agent, null, byText(agent)));
        // The time only for today, the date and the time before.
        table.getColumns().add(column("submitted", "Submitted", 130, task(t -> formats.when(t.submittedAt())), null,
                Comparator.comparing(s -> s.task().submittedAt(), Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))));
        // Frozen at the moment the controller went away: whether the task still runs is not known.
        Function<TaskRow.Shown, String> runTime = s -> s.isArray() ? "" : formats.duration(s.task(), history.staleSinceProperty().get());
        TableColumn<TaskRow, TaskRow.Shown> duration = column("duration", "Duration", DURATION_WIDTH, runTime, "number",
                Comparator.comparing(s -> formats.runTime(s.task()).orElse(Duration.ZERO)));
        duration.setCellFactory(durations.cells(runTime)); // drawn again each second while running
        table.getColumns().add(duration);
        table.getColumns().add(waitingColumn());
        // An array's message is its counts.
        Function<TaskRow.Shown, String> message = s -> s.isArray() ? ArrayWords.message(s.array()) : firstLine(s.task().message());
        table.getColumns().add(column("message", "Message", 300, message, null, byText(message)));
        Label empty = new Label();
        empty.setId("history-placeholder");
        empty.setWrapText(true);
        empty.textProperty().bind(Bindings.when(connected).then(history.summaryProperty())
                .otherwise("No tasks to show until the window is connected; the status bar says how that goes."));
        table.setPlaceholder(empty);
        table.setRowFactory(v -> {
            TableRow<TaskRow> row = new TableRow<>() {
                /** Redraws the mark of stale or held when the row's task changes (the row object stays). */
                private final InvalidationListener restyle = o -> mark(this, getItem());

                @Override
                protected void updateItem(TaskRow item, boolean empty) {
                    TaskRow was = getItem();
                    if (was != null) {
                        was.taskProperty().removeListener(restyle);
                    }
                    super.updateItem(item, empty);
                    if (!empty && item != null) {
                        item.taskProperty().addListener(restyle);
                    }
                    mark(this, empty ? null : item);
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem());
                } else if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1 && !row.isEmpty()
                        && row.getItem().isArray() && onDisclosure(e.getTarget())) {
                    history.arrays().toggle(row.getItem());
                }
            });
            return row;
        });
        menu = new HistoryMenu(table, actions, open, owner);
        table.setContextMenu(menu.build());
        table.setOnKeyPressed(e -> {
            TaskRow selected = table.getSelectionModel().getSelectedItem();
            if (selected == null) {
                return;
            }
            if (selected.isArray() && (e.getCode() == KeyCode.RIGHT || e.getCode() == KeyCode.LEFT)) {
                // As in a tree: right lists the array's members, left takes them away.
                if ((e.getCode() == KeyCode.RIGHT) != history.arrays().isExpanded(selected.id())) {
                    history.arrays().toggle(selected);
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER) {
                open.accept(selected);
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                menu.confirmCancel();
                e.consume();
            } else if (e.getCode() == KeyCode.C && e.isShortcutDown()) {
                menu.copyIds();
                e.consume();
            }
        });
        table.skinProperty().addListener((o, was, skin) -> watchScrolling());
        history.staleSinceProperty().addListener((o, was, now) -> table.refresh());
        // Another filter shows other tasks: start at the top, the newest.
        history.filterTextProperty().addListener((o, was, now) -> table.scrollTo(0));
        history.filterStatesProperty().addListener((o, was, now) -> table.scrollTo(0));
        VBox.setVgrow(table, Priority.ALWAYS);
        Label error = MainView.errorLabel(history.errorProperty());
        Label refused = MainView.errorLabel(actions.errorProperty());
        refused.setId("actions-error");
        return new VBox(error, refused, table);
    }

    /** Marks a row as unknown while the controller is away, or as held, with a tooltip that says why. */
    private void mark(TableRow<TaskRow> row, TaskRow item) {
        boolean unknown = item != null && history.unknown(item.task());
        boolean held = item != null && !unknown && item.task().held();
        row.getStyleClass().removeAll(MainView.STALE, HELD);
        if (unknown) {
            row.getStyleClass().add(MainView.STALE);
        } else if (held) {
            row.getStyleClass().add(HELD);
        }
        row.setTooltip(unknown ? new Tooltip("Its state is not known while the controller is away: "
                + item.task().state().label() + " when it was last heard of.")
                : held ? new Tooltip(stateText(item.task()) + ": it does not start until it is released.") : null);
    }

    /** Loads the next page when the user scrolls near the end of what is loaded; keeps the rows read in place. */
    private void watchScrolling() {
        if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.positionProperty().addListener((o, was, now) -> history.scrolled(now.doubleValue()));
            anchor.install(flow);
            history.pinWith(anchor::oldestPinnedId);
        }
    }

    /** The state mark (✓ ∑ X …) in its colour, with the state's name as its tooltip. */
    private TableColumn<TaskRow, TaskRow.Shown> markColumn() {
        TableColumn<TaskRow, TaskRow.Shown> c = taskColumn("mark", "", 34, (cell, item) -> {
            TaskState state = item == null ? null : ArrayWords.state(item);
            cell.setText(item == null ? null : state.mark());
            restyle(cell.getStyleClass(), item == null ? null : Formats.stateClass(state));
            String tip = item == null ? null : item.isArray() ? ArrayWords.inWords(item.task().id(), item.array())
                    : stateText(item.task());
            if (item == null) {
                cell.setTooltip(null);
            } else if (cell.getTooltip() == null) {
                cell.setTooltip(new Tooltip(tip));
            } else {
                cell.getTooltip().setText(tip);
            }
        });
        c.setMinWidth(34);
        c.setMaxWidth(34);
        c.setSortable(true);
        c.setComparator(Comparator.comparing(ArrayWords::state));
        return c;
    }

    /** "▸ 42[1000]" for an array (▾ while its members are listed under it), "42.7" for a member, else the id. */
    private String idText(TaskRow.Shown s) {
        if (s.isArray()) {
            return (history.arrays().isExpanded(s.task().id()) ? "▾ " : "▸ ") + ArrayWords.id(s);
        }
        return ArrayWords.id(s);
    }

    /** Whether a click on an array's row hit its id cell, where the ▸ is. */
    private static boolean onDisclosure(Object target) {
        for (javafx.scene.Node n = target instanceof javafx.scene.Node node ? node : null; n != null; n = n.getParent()) {
            if (n instanceof TableCell<?, ?> cell) {
                return cell.getTableColumn() != null && "id-column".equals(cell.getTableColumn().getId());
            }
        }
        return false;
    }

    /**
     * Gives a mark cell the classes "mark" and {@code stateClass} (none for an empty cell), changing its list only when
     * they differ: every change of a node's style classes makes JavaFX match its CSS again, and cells are updated for
     * every event batch (with events at 1,000/s, adding the classes on each update cost ~18 % of the FX thread's time,
     * and "mark" piled up once more each time; bench/run --only desktop, JFR).
     */
    private static void restyle(ObservableList<String> classes, String stateClass) {
        if (stateClass == null) {
            classes.removeIf(s -> s.equals("mark") || s.startsWith("state-"));
            return;
        }
        if (!classes.contains("mark")) {
            classes.add("mark");
        }
        if (!classes.contains(stateClass)) {
            classes.removeIf(s -> s.startsWith("state-"));
            classes.add(stateClass);
        }
    }

    /**
     * Why a queued task waits (or when a running one whose agent is silent runs again), as the controller said when the
     * row's page was read; the whole sentence in the cell's tooltip.
     */
    private static TableColumn<TaskRow, TaskRow.Shown> waitingColumn() {
        TableColumn<TaskRow, TaskRow.Shown> c = taskColumn("waiting", "Waiting", 260, (cell, item) -> {
            String why = item == null ? "" : waitingText(item.task());
            cell.setText(why);
            if (why.isEmpty()) {
                cell.setTooltip(null);
            } else if (cell.getTooltip() == null) {
                Tooltip tip = new Tooltip(why);
                tip.setWrapText(true);
                tip.setMaxWidth(480);
                cell.setTooltip(tip);
            } else {
                cell.getTooltip().setText(why);
            }
        });
        c.setMinWidth(MIN_WIDTH);
        c.setSortable(true);
        c.setComparator(byText(s -> waitingText(s.task())));
        return c;
    }

    /** The Waiting column's text: the reason of a queued task, or of a running one whose agent is silent; else empty. */
    static String waitingText(TaskRecord t) {
        return t.waitReason() != null && (t.state() == TaskState.QUEUED || t.state() == TaskState.RUNNING) ? t.waitReason() : "";
    }

    /** "running", or "held by ann" for a queued task kept from starting. */
    static String stateText(TaskRecord t) {
        return t.held() ? "held by " + t.heldBy() : t.state().label();
    }

    private static Comparator<TaskRow.Shown> byText(Function<TaskRow.Shown, String> text) {
        return Comparator.comparing(text, String.CASE_INSENSITIVE_ORDER);
    }

    /** Text drawn from the row's task alone. */
    private static Function<TaskRow.Shown, String> task(Function<TaskRecord, String> text) {
        return s -> text.apply(s.task());
    }

    private static TableColumn<TaskRow, TaskRow.Shown> column(String id, String title, double width,
                                                              Function<TaskRow.Shown, String> text, String styleClass,
                                                              Comparator<TaskRow.Shown> order) {
        TableColumn<TaskRow, TaskRow.Shown> c = taskColumn(id, title, width,
                (cell, item) -> cell.setText(item == null ? null : text.apply(item)));
        c.setMinWidth(Math.min(width, MIN_WIDTH));
        c.setSortable(true);
        c.setComparator(order);
        if (styleClass != null) {
            c.getStyleClass().add(styleClass);
        }
        return c;
    }

    /** A column of the row's task (and array counts), drawn by {@code draw} (with null for an empty row). */
    private static TableColumn<TaskRow, TaskRow.Shown> taskColumn(String id, String title, double width,
                                                                  BiConsumer<TableCell<TaskRow, TaskRow.Shown>, TaskRow.Shown> draw) {
        TableColumn<TaskRow, TaskRow.Shown> c = new TableColumn<>(title);
        c.setId(id + "-column");
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cd -> cd.getValue().shownProperty());
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(TaskRow.Shown item, boolean empty) {
                super.updateItem(item, empty);
                draw.accept(this, empty ? null : item);
            }
        });
        return c;
    }

    /** Redraws the durations of running tasks, which grow while nothing else changes. */
    void refreshRunning() {
        if (history.staleSinceProperty().get() == null) { // durations are frozen while the controller is away
            durations.tick();
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

package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.StatusBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The main window: tool bar (submit, filter, connect), the history table, the pool (agents and clients) and
 * the status bar. Builds controls and binds them to {@link MainViewModel}; holds no state of its own.
 */
final class MainView {
    private static final Logger LOG = LoggerFactory.getLogger(MainView.class);

    private final Stage stage;
    private final MainViewModel model;
    private final Formats formats;
    /** Connects to another controller as a user (the "Connect to…" dialog). */
    private final BiConsumer<ControllerAddress, String> reconnect;
    private final Path workingDirectory;
    private final TableView<TaskRow> table = new TableView<>();
    private final TextField filter = new TextField();

    MainView(Stage stage, MainViewModel model, Formats formats, BiConsumer<ControllerAddress, String> reconnect,
             Path workingDirectory) {
        this.stage = stage;
        this.model = model;
        this.formats = formats;
        this.reconnect = reconnect;
        this.workingDirectory = workingDirectory;
    }

    Scene build() {
        BorderPane root = new BorderPane();
        root.setTop(toolBar());
        SplitPane split = new SplitPane(historyPane(), poolPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.66);
        root.setCenter(split);
        root.setBottom(statusBar());
        Scene scene = new Scene(root, 1200, 760);
        scene.getStylesheets().add(MainView.class.getResource("taskgrid.css").toExternalForm());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::openSubmit);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            filter.requestFocus();
            filter.selectAll();
        });
        model.onNotification(this::notifyUser);
        // Running tasks' durations grow while nothing else changes.
        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> refreshRunning()));
        tick.setCycleCount(Timeline.INDEFINITE);
        tick.play();
        stage.setOnHidden(e -> tick.stop());
        return scene;
    }

    private ToolBar toolBar() {
        Button submit = new Button("Submit…");
        submit.setId("submit-button");
        submit.setTooltip(new Tooltip("Submit a program (Ctrl+N)"));
        submit.setOnAction(e -> openSubmit());
        submit.disableProperty().bind(model.connectedProperty().not());
        submit.getStyleClass().add("accent");

        filter.setId("filter");
        filter.setPromptText("Filter by program, project, agent or message (Ctrl+F)");
        filter.setPrefColumnCount(32);
        PauseTransition debounce = new PauseTransition(Duration.millis(250));
        filter.textProperty().addListener((o, was, now) -> {
            debounce.setOnFinished(e -> model.history().filterTextProperty().set(now));
            debounce.playFromStart();
        });
        filter.setOnAction(e -> {
            debounce.stop();
            model.history().filterTextProperty().set(filter.getText());
        });

        ComboBox<TaskState> state = new ComboBox<>();
        state.setId("state-filter");
        state.getItems().add(null);
        state.getItems().addAll(TaskState.values());
        state.setButtonCell(stateCell());
        state.setCellFactory(v -> stateCell());
        state.valueProperty().bindBidirectional(model.history().filterStateProperty());

        Button connect = new Button("Connect to…");
        connect.setId("connect-button");
        connect.setOnAction(e -> openConnect());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(submit, new Label("  Filter"), filter, state, spacer, connect);
    }

    private static ListCell<TaskState> stateCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(TaskState item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? "All states" : item.mark() + "  " + item.label());
            }
        };
    }

    private VBox historyPane() {
        table.setId("history");
        table.setItems(model.history().rows());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(markColumn());
        table.getColumns().add(column("Id", 70, t -> Long.toString(t.id()), "number"));
        table.getColumns().add(column("Project", 120, t -> t.project() + (t.projectId() == null ? "" : " / " + t.projectId()), null));
        table.getColumns().add(column("Program", 220, t -> t.program() + (t.arguments().isEmpty() ? "" : " " + String.join(" ", t.arguments())), null));
        table.getColumns().add(column("Agent", 200, t -> t.agentId() == null ? "" : t.agentId()
                + (t.agentHost() == null ? "" : " @ " + t.agentHost()), null));
        table.getColumns().add(column("Submitted", 130, t -> formats.when(t.submittedAt()), null));
        table.getColumns().add(column("Duration", 80, formats::duration, "number"));
        table.getColumns().add(column("Message", 300, t -> firstLine(t.message()), null));
        Label empty = new Label();
        empty.textProperty().bind(model.history().summaryProperty());
        table.setPlaceholder(empty);
        table.setRowFactory(v -> {
            TableRow<TaskRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    openDetail(row.getItem());
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
                openDetail(selected);
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                confirmCancel(selected);
                e.consume();
            }
        });
        table.skinProperty().addListener((o, was, skin) -> watchScrolling());
        // Another filter shows other tasks: start at the top, the newest.
        model.history().filterTextProperty().addListener((o, was, now) -> table.scrollTo(0));
        model.history().filterStateProperty().addListener((o, was, now) -> table.scrollTo(0));
        VBox.setVgrow(table, Priority.ALWAYS);
        Label error = errorLabel(model.history().errorProperty());
        return new VBox(error, table);
    }

    /** Loads the next page when the user scrolls near the end of what is loaded. */
    private void watchScrolling() {
        if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.positionProperty().addListener((o, was, now) -> model.history().scrolled(now.doubleValue()));
        }
    }

    private TableColumn<TaskRow, TaskRecord> markColumn() {
        TableColumn<TaskRow, TaskRecord> c = new TableColumn<>("");
        c.setId("mark-column");
        c.setPrefWidth(34);
        c.setMinWidth(34);
        c.setMaxWidth(34);
        c.setSortable(false);
        c.setCellValueFactory(cd -> cd.getValue().taskProperty());
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(TaskRecord item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeIf(s -> s.startsWith("state-"));
                if (empty || item == null) {
                    setText(null);
                    setTooltip(null);
                } else {
                    setText(item.state().mark());
                    getStyleClass().addAll("mark", Formats.stateClass(item.state()));
                    setTooltip(new Tooltip(item.state().label()));
                }
            }
        });
        return c;
    }

    private static TableColumn<TaskRow, TaskRecord> column(String title, double width, Function<TaskRecord, String> text,
                                                           String styleClass) {
        TableColumn<TaskRow, TaskRecord> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cd -> cd.getValue().taskProperty());
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(TaskRecord item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        });
        if (styleClass != null) {
            c.getStyleClass().add(styleClass);
        }
        return c;
    }

    private void refreshRunning() {
        for (TaskRow row : model.history().rows()) {
            if (row.task().state() == TaskState.RUNNING) {
                table.refresh();
                return;
            }
        }
    }

    private SplitPane poolPane() {
        TableView<AgentInfo> agents = new TableView<>(model.pool().agents());
        agents.setId("agents");
        agents.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        agents.getColumns().add(text("Agent UID", 230, AgentInfo::id));
        agents.getColumns().add(text("Host", 110, AgentInfo::host));
        agents.getColumns().add(text("Slots", 50, a -> Integer.toString(a.slots())));
        agents.getColumns().add(text("Running", 65, a -> Integer.toString(a.running())));
        TableColumn<AgentInfo, AgentInfo> cpu = new TableColumn<>("CPU");
        cpu.setPrefWidth(120);
        cpu.setSortable(false);
        cpu.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue()));
        cpu.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label label = new Label();
            private final StackPane pane = new StackPane(bar, label);

            {
                bar.setMaxWidth(Double.MAX_VALUE);
                label.getStyleClass().add("cpu-label");
            }

            @Override
            protected void updateItem(AgentInfo item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                } else {
                    double load = item.cpuLoad();
                    bar.setProgress(load < 0 ? 0 : Math.min(1, load));
                    label.setText(load < 0 ? "unknown" : Math.round(load * 100) + " %");
                    setGraphic(pane);
                }
            }
        });
        agents.getColumns().add(cpu);
        agents.getColumns().add(text("Runtimes", 260, a -> a.runtimes().stream().map(MainView::runtime)
                .collect(Collectors.joining(", "))));
        agents.setPlaceholder(new Label("No agent is connected; start one with `taskgrid agent --controller HOST:PORT`."));

        TableView<ClientInfo> clients = new TableView<>(model.pool().clients());
        clients.setId("clients");
        clients.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        clients.getColumns().add(text("User", 90, ClientInfo::user));
        clients.getColumns().add(text("Host", 110, ClientInfo::host));
        clients.getColumns().add(text("Kind", 80, c -> c.kind().name().toLowerCase(Locale.ROOT)));
        clients.getColumns().add(text("Since", 90, c -> formats.when(c.connectedAt())));

        Label agentsTitle = title("Agents");
        Label summary = new Label();
        summary.getStyleClass().add("dim");
        summary.textProperty().bind(model.pool().summaryProperty());
        HBox agentsHeader = new HBox(10, agentsTitle, summary);
        agentsHeader.setAlignment(Pos.BASELINE_LEFT);
        VBox left = new VBox(4, agentsHeader, errorLabel(model.pool().errorProperty()), agents);
        VBox right = new VBox(4, title("Clients"), clients);
        VBox.setVgrow(agents, Priority.ALWAYS);
        VBox.setVgrow(clients, Priority.ALWAYS);
        left.setPadding(new Insets(6));
        right.setPadding(new Insets(6));
        SplitPane pool = new SplitPane(left, right);
        pool.setDividerPositions(0.7);
        return pool;
    }

    /** "python 3.11.2": the language and the first word of its version that has a digit. */
    private static String runtime(RuntimeInfo r) {
        for (String word : r.version().split("[\\s,()\"]+")) {
            if (word.chars().anyMatch(Character::isDigit)) {
                return r.language().displayName() + " " + word;
            }
        }
        return r.language().displayName();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " …";
    }

    private static <S> TableColumn<S, String> text(String title, double width, Function<S, String> f) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    static Label errorLabel(javafx.beans.value.ObservableStringValue message) {
        Label l = new Label();
        l.getStyleClass().add("field-error");
        l.textProperty().bind(message);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        l.setWrapText(true);
        return l;
    }

    private StatusBar statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.textProperty().bind(model.statusProperty());
        Label dot = new Label("●");
        dot.getStyleClass().add("connection-dot");
        model.connectedProperty().addListener((o, was, now) -> dot.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("connected"), now));
        bar.getLeftItems().add(dot);
        Label count = new Label();
        count.setId("history-summary");
        count.textProperty().bind(model.history().summaryProperty());
        bar.getRightItems().add(count);
        return bar;
    }

    void openDetail(TaskRow row) {
        DetailViewModel detail = model.openDetail(row);
        new DetailView(stage, detail, formats, () -> model.closed(detail)).show();
    }

    private void confirmCancel(TaskRow row) {
        TaskRecord t = row.task();
        if (t.state().isFinal()) {
            model.history().apply(java.util.List.of(t));
            return;
        }
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Cancel task " + t.id() + " (" + t.program() + ")?"
                + (t.state() == TaskState.RUNNING ? " Its processes are killed." : ""), ButtonType.YES, ButtonType.NO);
        confirm.initOwner(stage);
        confirm.setHeaderText(null);
        confirm.setTitle("Cancel a task");
        confirm.showAndWait().filter(b -> b == ButtonType.YES).ifPresent(b -> model.cancel(t.id(), this::showError));
    }

    void openSubmit() {
        if (!model.connectedProperty().get()) {
            return;
        }
        SubmitViewModel submit = model.newSubmission(workingDirectory);
        new SubmitView(stage, submit, task -> {
            model.submitted(task);
            TaskRow row = model.history().row(task.id());
            if (row != null) {
                table.getSelectionModel().select(row);
                table.scrollTo(row);
            }
        }).show();
    }

    /** Controller address and user; the controller asks for the password when it wants a log-in. */
    private void openConnect() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(stage);
        dialog.setTitle("Connect to…");
        dialog.setHeaderText("Connect to another controller");
        dialog.getDialogPane().setId("connect-dialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        TextField address = new TextField(model.addressProperty().get());
        address.setId("connect-address");
        address.setPrefColumnCount(24);
        TextField user = new TextField(model.userProperty().get());
        user.setId("connect-user");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.add(new Label("Controller (HOST:PORT)"), 0, 0);
        grid.add(address, 1, 0);
        grid.add(new Label("User"), 0, 1);
        grid.add(user, 1, 1);
        Label hint = new Label("The controller asks for the password when it wants a log-in.");
        hint.getStyleClass().add("dim");
        grid.add(hint, 0, 2, 2, 1);
        dialog.getDialogPane().setContent(grid);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                ControllerAddress.parse(address.getText());
            } catch (IllegalArgumentException ex) {
                dialog.setHeaderText(ex.getMessage());
                e.consume();
                return;
            }
            if (user.getText().isBlank()) {
                dialog.setHeaderText("Type the user name to log in as (your login name if the controller has no log-in).");
                e.consume();
            }
        });
        javafx.application.Platform.runLater(address::requestFocus);
        dialog.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            model.pool().clear();
            reconnect.accept(ControllerAddress.parse(address.getText()), user.getText().strip());
        });
    }

    private void notifyUser(String text) {
        try {
            Notifications.create().owner(stage).title("TaskGrid").text(text).hideAfter(Duration.seconds(8))
                    .position(Pos.BOTTOM_RIGHT).showInformation();
        } catch (RuntimeException e) {
            LOG.debug("Cannot show a notification: {}", e.toString());
        }
        LOG.info(text);
    }

    private void showError(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(stage);
        alert.setHeaderText(null);
        alert.show();
    }

    TableView<TaskRow> table() {
        return table;
    }
}

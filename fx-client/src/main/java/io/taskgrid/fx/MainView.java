package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.StatusBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * The main window: tool bar (submit, filter, connect), the history table, the pool (agents and clients) and
 * the status bar. Builds controls and binds them to {@link MainViewModel}; holds no state of its own.
 */
final class MainView {
    private static final Logger LOG = LoggerFactory.getLogger(MainView.class);
    /** The style class of rows whose figures are not known while the controller is away. */
    static final String STALE = "stale";

    private final Stage stage;
    private final MainViewModel model;
    private final Formats formats;
    /** Connects to another controller as a user (the "Connect to…" dialog). */
    private final BiConsumer<ControllerAddress, String> reconnect;
    private final HistoryTable history;
    private final TextField filter = new TextField();
    private final ThemeSwitch theme;
    private final HelpWindows help;
    private final TaskDialogs dialogs;
    private TimelineView timeline;

    MainView(Stage stage, MainViewModel model, Formats formats, BiConsumer<ControllerAddress, String> reconnect,
             Path workingDirectory, ThemeSwitch theme) {
        this.stage = stage;
        this.theme = theme;
        this.help = new HelpWindows(stage, () -> model.addressProperty().get());
        this.model = model;
        this.formats = formats;
        this.reconnect = reconnect;
        this.dialogs = new TaskDialogs(stage, model, formats, workingDirectory, this::showSubmitted);
        this.history = new HistoryTable(model.history(), model.actions(), model.connectedProperty(), formats,
                this::openDetail, stage);
    }

    Scene build() {
        BorderPane root = new BorderPane();
        SplitPane split = new SplitPane(history.build(), poolTabs());
        root.setTop(new VBox(new MainMenu(commands(), model, theme).build(), toolBar()));
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.66);
        root.setCenter(split);
        StatusBar bar = statusBar();
        root.setBottom(bar);
        Scene scene = new Scene(root, 1200, 760);
        // A long sentence is cut at the window's edge: then, and only then, a tooltip has all of it.
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(model.statusProperty());
        whole.setWrapText(true);
        whole.setMaxWidth(600);
        scene.addPostLayoutPulseListener(() -> bar.setTooltip(textCut(bar) ? whole : null));
        scene.getStylesheets().add(MainView.class.getResource("taskgrid.css").toExternalForm());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            filter.requestFocus();
            filter.selectAll();
        });
        model.onNotification(this::notifyUser);
        // Running tasks' durations grow while nothing else changes.
        // Held notifications are shown once their time has come.
        Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            history.refreshRunning();
            model.tick();
        }));
        tick.setCycleCount(Timeline.INDEFINITE);
        tick.play();
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> tick.stop());
        dialogs.prepare();
        return scene;
    }

    /** The lower half: the agents and clients, the timeline of which task ran where, and who used the pool. */
    private TabPane poolTabs() {
        Tab pool = new Tab("Agents and clients", new PoolView(model.pool(), formats).build());
        pool.setId("pool-tab");
        timeline = new TimelineView(model.timeline(), model.pool(), formats, task -> {
            TaskRow row = model.history().row(task.id());
            openDetail(row != null ? row : new TaskRow(task));
        });
        Tab times = new Tab("Timeline");
        times.setId("timeline-tab");
        times.setContent(timeline.build(times.selectedProperty()));
        Tab users = new Tab("Users");
        users.setId("users-tab");
        users.setContent(new UsageView(model.usage()).build(users.selectedProperty()));
        TabPane tabs = new TabPane(pool, times, users);
        tabs.setId("pool-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    TimelineView timeline() {
        return timeline;
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
        // Esc clears the filters at once, text and states: all tasks are shown again.
        filter.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && (!filter.getText().isEmpty()
                    || !model.history().filterStatesProperty().get().isEmpty())) {
                filter.clear();
                debounce.stop();
                model.history().filterTextProperty().set("");
                model.history().showStates(java.util.List.of());
                e.consume();
            }
        });

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label connectedTo = new Label();
        connectedTo.setId("toolbar-controller");
        connectedTo.getStyleClass().add("dim");
        connectedTo.textProperty().bind(javafx.beans.binding.Bindings.when(model.addressProperty().isEmpty()).then("")
                .otherwise(javafx.beans.binding.Bindings.concat(model.userProperty(), " @ ", model.addressProperty())));
        return new ToolBar(submit, new Label("  Filter"), filter, new StateFilter(model.history()).build(), spacer, connectedTo);
    }

    /** What the menu bar's items do. */
    private MainMenu.Commands commands() {
        return new MainMenu.Commands() {
            @Override
            public void submit() {
                openSubmit();
            }

            @Override
            public void connect() {
                openConnect();
            }

            @Override
            public void quit() {
                stage.close();
            }

            @Override
            public void refresh() {
                model.missed(); // loads the history and the pool again
            }

            @Override
            public HistoryMenu tasks() {
                return history.menu();
            }

            @Override
            public HelpWindows help() {
                return help;
            }
        };
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

    /** Whether the status bar shows its sentence cut short ("…"): its label draws other text than it holds. */
    private static boolean textCut(StatusBar bar) {
        for (Node n : bar.lookupAll(".label")) {
            if (n instanceof Labeled label && bar.getText() != null && bar.getText().equals(label.getText())
                    && label.lookup(".text") instanceof Text drawn) {
                return !label.getText().equals(drawn.getText());
            }
        }
        return false;
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
        dialogs.openDetail(row);
    }

    void openSubmit() {
        dialogs.openSubmit();
    }

    /** A task submitted from the dialog: selected and shown in the table. */
    private void showSubmitted(io.taskgrid.api.task.TaskRecord task) {
        TaskRow row = model.history().row(task.id());
        if (row != null) {
            table().getSelectionModel().clearSelection();
            table().getSelectionModel().select(row);
            table().scrollTo(row);
        }
    }

    /** Controller address and user; the controller asks for the password when it wants a log-in. */
    private void openConnect() {
        ConnectDialog.ask(stage, model.addressProperty().get(), model.userProperty().get()).ifPresent(choice -> {
            model.pool().clear();
            model.timeline().clear();
            reconnect.accept(choice.address(), choice.user());
        });
    }

    /** A popup for tasks of this user that ended: an error when one failed; a click shows the task or the list. */
    private void notifyUser(EndNotice notice) {
        String text = notice.sentence();
        LOG.info(text);
        try {
            Notifications popup = Notifications.create().owner(stage).title("TaskGrid").text(text)
                    .hideAfter(Duration.seconds(8)).position(Pos.BOTTOM_RIGHT).onAction(e -> openNotice(notice));
            if (notice.failure()) {
                popup.showError();
            } else {
                popup.showInformation();
            }
        } catch (RuntimeException e) {
            LOG.debug("Cannot show a notification: {}", e.toString());
        }
    }

    /** One task: its detail. A group: the list filtered to its project and to the failed ones, if any. */
    private void openNotice(EndNotice notice) {
        stage.toFront();
        if (notice.single() != null) {
            TaskRow row = model.history().row(notice.single().id());
            openDetail(row != null ? row : new TaskRow(notice.single()));
            return;
        }
        filter.setText(notice.project() == null ? "" : notice.project());
        model.history().filterTextProperty().set(filter.getText());
        model.history().showStates(notice.stateToShow() == null ? java.util.List.of() : java.util.List.of(notice.stateToShow()));
    }

    TableView<TaskRow> table() {
        return history.table();
    }
}

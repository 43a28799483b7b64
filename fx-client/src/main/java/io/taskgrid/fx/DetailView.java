package io.taskgrid.fx;

import io.taskgrid.api.Durations;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A task's detail window: every field of the task (selectable, so it can be copied), stdout and stderr in
 * monospaced, scrollable areas, its attempts (each run with its agent and how it ended), live CPU and memory while it
 * runs, and Cancel.
 */
final class DetailView {
    private final Stage owner;
    private final DetailViewModel model;
    private final Formats formats;
    private final Runnable onClose;
    private final Map<String, TextInputControl> fields = new LinkedHashMap<>();
    private final Map<String, Function<TaskRecord, String>> values = new LinkedHashMap<>();
    private final TextArea stdout = output("detail-stdout");
    private final TextArea stderr = output("detail-stderr");
    private final Label header = new Label();

    DetailView(Stage owner, DetailViewModel model, Formats formats, Runnable onClose) {
        this.owner = owner;
        this.model = model;
        this.formats = formats;
        this.onClose = onClose;
    }

    void show() {
        define("state", "State", t -> t.state().mark() + "  " + t.state().label()
                + (t.attempt() > 1 ? " (attempt " + t.attempt() + ")" : "")
                + (t.duplicateOf() != null ? ", same result as task " + t.duplicateOf() : ""));
        define("program", "Program", t -> t.program() + (t.language() == null ? "" : "  (" + t.language().displayName() + ")"));
        define("requires", "Requires labels", t -> t.requirements().isEmpty() ? "none" : t.requirements().toString());
        define("arguments", "Arguments", t -> String.join(" ", t.arguments()));
        define("data", "Data path", t -> nz(t.dataPath()));
        define("project", "Project", t -> t.project() + (t.projectId() == null ? "" : " / " + t.projectId()));
        define("agent", "Agent UID", t -> nz(t.agentId()));
        define("agent-host", "Agent host", t -> nz(t.agentHost()));
        define("exit", "Exit code", t -> t.exitCode() == null ? "" : t.exitCode().toString());
        define("submitted", "Submitted", t -> formats.full(t.submittedAt()) + "  by " + nz(t.clientUser()) + " @ " + nz(t.clientHost()));
        define("started", "Started", t -> formats.full(t.startedAt()));
        define("ended", "Ended", t -> formats.full(t.endedAt()) + (t.endedAt() == null ? "" : "  (ran " + formats.duration(t) + ")"));
        define("usage", "CPU / memory", DetailView::usage);
        define("timeout", "Time limit", t -> t.timeout() == null ? "none" : Durations.format(t.timeout()));
        define("email", "E-mail", t -> nz(t.email()));
        define("result", "Result folder", t -> t.outputWithheld() ? withheld(t) : nz(t.resultPath()));
        define("message", "Message", t -> nz(t.message()) + (t.waitReason() == null ? "" : " " + t.waitReason()));
        fields.put("message", messageArea(fields.get("message")));

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(3);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints valuesColumn = new ColumnConstraints();
        valuesColumn.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, valuesColumn);
        int row = 0;
        for (Map.Entry<String, TextInputControl> e : fields.entrySet()) {
            Label label = new Label(labelOf(e.getKey()));
            label.getStyleClass().add("field-name");
            grid.addRow(row++, label, e.getValue());
        }

        Tab out = new Tab("Output (stdout)", stdout);
        Tab err = new Tab("Errors (stderr)", stderr);
        Tab runs = new Tab("Attempts", AttemptsTable.of(model.attempts(), formats));
        runs.setId("detail-attempts-tab");
        TabPane outputs = new TabPane(out, err, runs);
        outputs.setId("detail-outputs");
        outputs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        TaskRecord first = model.taskProperty().get();
        if (first != null && first.state() == TaskState.FAILED) {
            outputs.getSelectionModel().select(err); // why it failed is there
        }
        model.stdoutProperty().addListener((o, was, now) -> setKeepingScroll(stdout, now));
        model.stderrProperty().addListener((o, was, now) -> setKeepingScroll(stderr, now));
        setKeepingScroll(stdout, model.stdoutProperty().get());
        setKeepingScroll(stderr, model.stderrProperty().get());
        VBox.setVgrow(outputs, Priority.ALWAYS);

        Button cancel = new Button("Cancel task");
        cancel.setId("detail-cancel");
        cancel.disableProperty().bind(model.cancellableProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.load());
        Button close = new Button("Close");
        close.setCancelButton(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, MainView.errorLabel(model.errorProperty()), spacer, refresh, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        header.getStyleClass().add("detail-header");
        VBox content = new VBox(8, header, grid, outputs);
        content.setPadding(new Insets(12));
        BorderPane root = new BorderPane(content);
        BorderPane.setMargin(buttons, new Insets(0, 12, 12, 12));
        root.setBottom(buttons);

        Stage stage = new Stage();
        stage.initOwner(owner);
        Scene scene = new Scene(root, 820, 720);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setScene(scene);
        close.setOnAction(e -> stage.close());
        stage.setOnHidden(e -> onClose.run());
        model.taskProperty().addListener((o, was, now) -> render(stage, now));
        render(stage, model.taskProperty().get());
        stage.show();
    }

    private void render(Stage stage, TaskRecord t) {
        if (t == null) {
            return;
        }
        stage.setTitle("Task " + t.id() + " — " + t.program());
        header.setText(t.state().mark() + "  Task " + t.id() + "  " + t.program());
        header.getStyleClass().removeIf(s -> s.startsWith("state-"));
        header.getStyleClass().add(Formats.stateClass(t.state()));
        values.forEach((key, f) -> fields.get(key).setText(f.apply(t)));
        TextInputControl message = fields.get("message");
        if (message instanceof TextArea area) {
            area.setPrefRowCount((int) Math.max(1, Math.min(6, message.getText().lines().count())));
        }
    }

    /** What stands where the controller withheld another user's output. */
    static String withheld(TaskRecord t) {
        return "visible to " + (t.clientUser() == null ? "its owner" : t.clientUser()) + " and administrators only";
    }

    /** Text that grew is appended (the view stays where the reader is); other text replaces what is shown. */
    private static void setKeepingScroll(TextArea area, String text) {
        String shown = area.getText();
        if (text.equals(shown)) {
            return;
        }
        if (text.startsWith(shown)) {
            area.appendText(text.substring(shown.length()));
            return;
        }
        double top = area.getScrollTop();
        area.setText(text);
        area.setScrollTop(top);
    }

    private void define(String key, String label, Function<TaskRecord, String> value) {
        TextField field = new TextField();
        field.setId("detail-" + key);
        field.setEditable(false);
        field.getStyleClass().add("value-field");
        field.setUserData(label);
        fields.put(key, field);
        values.put(key, value);
    }

    /** The message in a text area of its own: the checker's lines and a program's last words keep their line breaks. */
    private static TextArea messageArea(TextInputControl field) {
        TextArea area = new TextArea();
        area.setId(field.getId());
        area.setUserData(field.getUserData());
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(1);
        area.getStyleClass().add("value-area");
        return area;
    }

    private String labelOf(String key) {
        return (String) fields.get(key).getUserData();
    }

    private static TextArea output(String id) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(false);
        area.getStyleClass().add("monospace");
        return area;
    }

    private static String usage(TaskRecord t) {
        ResourceUsage u = t.usage();
        if (u == null) {
            return t.state() == TaskState.RUNNING ? "measuring…" : "";
        }
        return String.format(Locale.ROOT, "%.1f s CPU, %s memory%s", u.cpuSeconds(), Formats.bytes(u.memoryBytes()),
                u.bytesRead() > 0 ? ", " + Formats.bytes(u.bytesRead()) + " read" : "")
                + (t.state() == TaskState.RUNNING ? "  (live)" : "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

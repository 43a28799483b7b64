package io.taskgrid.fx;

import io.taskgrid.api.Durations;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.util.Locale;
import java.util.function.Function;

/**
 * A task's detail window: every field of the task (selectable, each with a menu to copy it), stdout and stderr in
 * monospaced, scrollable areas (a failed task opens on its errors), the program's text, its attempts (each run with its
 * agent and how it ended), live CPU and memory while it runs, and the buttons Open result folder, Run again and Cancel.
 */
final class DetailView {
    private final Stage owner;
    private final DetailViewModel model;
    private final Formats formats;
    private final ResultOpener results;
    private final Runnable onClose;
    private final DetailFields fields = new DetailFields();
    private final TextArea stdout = output("detail-stdout");
    private final TextArea stderr = output("detail-stderr");
    private final TextArea source = output("detail-source");
    private final Label header = new Label();

    DetailView(Stage owner, DetailViewModel model, Formats formats, ResultOpener results, Runnable onClose) {
        this.owner = owner;
        this.model = model;
        this.formats = formats;
        this.results = results;
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
        define("priority", "Priority", t -> Integer.toString(t.priority()));
        define("email", "E-mail", t -> nz(t.email()));
        define("result", "Result folder", this::resultFolder);
        fields.defineLines("message", "Message", t -> nz(t.message()) + (t.waitReason() == null ? "" : " " + t.waitReason()));

        TabPane outputs = tabs();
        VBox.setVgrow(outputs, Priority.ALWAYS);
        header.getStyleClass().add("detail-header");
        VBox content = new VBox(8, header, fields.grid(), outputs);
        content.setPadding(new Insets(12));
        BorderPane root = new BorderPane(content);

        Stage stage = new Stage();
        HBox buttons = buttons(stage);
        BorderPane.setMargin(buttons, new Insets(0, 12, 12, 12));
        root.setBottom(buttons);
        stage.initOwner(owner);
        Scene scene = new Scene(root, 860, 760);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setScene(scene);
        stage.setOnHidden(e -> onClose.run());
        model.taskProperty().addListener((o, was, now) -> render(stage, now));
        model.filesProperty().addListener((o, was, now) -> render(stage, model.taskProperty().get()));
        render(stage, model.taskProperty().get());
        stage.show();
    }

    /** Output, errors (first for a failed task), the program's text and the attempts. */
    private TabPane tabs() {
        Tab out = new Tab("Output (stdout)", stdout);
        Tab err = new Tab("Errors (stderr)", stderr);
        err.setId("detail-errors-tab");
        Label note = new Label();
        note.setId("detail-source-note");
        note.getStyleClass().add("dim");
        note.setWrapText(true);
        note.textProperty().bind(Bindings.createStringBinding(() -> model.filesProperty().get().sourceNote(),
                model.filesProperty()));
        VBox.setVgrow(source, Priority.ALWAYS);
        Tab program = new Tab("Program", new VBox(4, note, source));
        program.setId("detail-program-tab");
        Tab runs = new Tab("Attempts", AttemptsTable.of(model.attempts(), formats));
        runs.setId("detail-attempts-tab");
        TabPane outputs = new TabPane(out, err, program, runs);
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
        model.filesProperty().addListener((o, was, now) -> setKeepingScroll(source, now.source()));
        return outputs;
    }

    private HBox buttons(Stage stage) {
        Button open = new Button("Open result folder");
        open.setId("detail-open-results");
        open.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.filesProperty().get().resultHere() == null, model.filesProperty()));
        open.setOnAction(e -> model.openResults(results));
        Node openWithTip = explained(open, Bindings.createStringBinding(() -> {
            TaskFiles.Seen seen = model.filesProperty().get();
            return seen.resultHere() != null ? "Open " + seen.resultHere() + " in the file manager." : seen.resultProblem();
        }, model.filesProperty()));
        Button again = new Button("Run again");
        again.setId("detail-run-again");
        again.disableProperty().bind(model.runAgainProblemProperty().isNotEmpty());
        again.setOnAction(e -> model.runAgain());
        Node againWithTip = explained(again, Bindings.when(model.runAgainProblemProperty().isEmpty())
                .then("Submit it again: the same program, data, arguments, project and priority, even if it ran before.")
                .otherwise(model.runAgainProblemProperty()));
        Button cancel = new Button("Cancel task");
        cancel.setId("detail-cancel");
        cancel.disableProperty().bind(model.cancellableProperty().not());
        cancel.setOnAction(e -> model.cancel());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> model.load());
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        Label notice = new Label();
        notice.setId("detail-notice");
        notice.textProperty().bind(model.noticeProperty());
        notice.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, MainView.errorLabel(model.errorProperty()), notice, spacer, openWithTip, againWithTip,
                refresh, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        return buttons;
    }

    /** A button with a tooltip that shows also while it is disabled (a disabled control shows none of its own). */
    private static Node explained(Button button, ObservableStringValue why) {
        StackPane holder = new StackPane(button);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(why);
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        Tooltip.install(holder, tip);
        return holder;
    }

    private void render(Stage stage, TaskRecord t) {
        if (t == null) {
            return;
        }
        stage.setTitle("Task " + t.id() + " — " + t.program());
        header.setText(t.state().mark() + "  Task " + t.id() + "  " + t.program());
        header.getStyleClass().removeIf(s -> s.startsWith("state-"));
        header.getStyleClass().add(Formats.stateClass(t.state()));
        fields.render(t);
    }

    /** The result folder as an absolute path where the shared folder is (here, or on the controller's host). */
    private String resultFolder(TaskRecord t) {
        if (t.outputWithheld()) {
            return withheld(t);
        }
        String absolute = model.filesProperty().get().resultFolder();
        return absolute.isEmpty() ? nz(t.resultPath()) : absolute;
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
        fields.define(key, label, value);
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

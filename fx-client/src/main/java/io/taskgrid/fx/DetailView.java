package io.taskgrid.fx;

import io.taskgrid.api.Durations;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
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
    private static final double WIDTH = 860;
    private static final double HEIGHT = 760;

    private final Stage owner;
    private final Formats formats;
    private final ResultOpener results;
    private final DetailFields fields = new DetailFields();
    private final DetailLinks links;
    private final TextArea stdout = output("detail-stdout");
    private final TextArea stderr = output("detail-stderr");
    private final TextArea source = output("detail-source");
    private final Label header = new Label();
    private final Label sourceNote = new Label();
    private final DetailButtons buttons = new DetailButtons();
    private final TableView<TaskAttempt> attempts;
    private final TabPane outputs;
    private final Tab errors;
    private final Stage stage = new Stage();
    /** The task shown; set once, by {@link #show}. */
    private DetailViewModel model;

    /**
     * Builds the window, styled and laid out, without showing it: {@link Prebuilt} builds the next one ahead, in idle
     * time, so that opening a task only fills it in.
     */
    DetailView(Stage owner, Formats formats, ResultOpener results, java.util.function.LongConsumer openTask) {
        this.owner = owner;
        this.links = new DetailLinks(openTask);
        this.formats = formats;
        this.results = results;
        this.attempts = AttemptsTable.of(FXCollections.observableArrayList(), formats);
        this.errors = new Tab("Errors (stderr)", stderr);
        this.outputs = tabs();
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
        fields.define("asks-for", "Asks for", t -> ResourceWords.asked(t).orElse(""), t -> ResourceWords.asked(t).isPresent());
        fields.define("retries", "Retries", t -> ResourceWords.retries(t, formats).orElse(""),
                t -> ResourceWords.retries(t, formats).isPresent());
        define("usage", "CPU / memory", DetailView::usage);
        fields.define("peak-memory", "Peak memory", t -> ResourceWords.peakMemory(t).orElse(""),
                t -> ResourceWords.peakMemory(t).isPresent());
        define("timeout", "Time limit", t -> t.timeout() == null ? "none" : Durations.format(t.timeout()));
        define("priority", "Priority", t -> Integer.toString(t.priority()));
        define("email", "E-mail", t -> nz(t.email()));
        define("result", "Result folder", this::resultFolder);
        fields.defineLines("message", "Message", t -> nz(t.message()) + (t.waitReason() == null ? "" : " " + t.waitReason()));

        VBox.setVgrow(outputs, Priority.ALWAYS);
        header.getStyleClass().add("detail-header");
        javafx.scene.layout.GridPane grid = fields.grid();
        links.addTo(grid);
        VBox content = new VBox(8, header, grid, outputs);
        content.setPadding(new Insets(12));
        BorderPane root = new BorderPane(content);
        HBox bar = buttons.build(stage);
        BorderPane.setMargin(bar, new Insets(0, 12, 12, 12));
        root.setBottom(bar);
        stage.initOwner(owner);
        Scene scene = new Scene(root, WIDTH, HEIGHT);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setScene(scene);
        // CSS and layout now rather than in the pulse that first draws the window.
        root.resize(WIDTH, HEIGHT);
        root.applyCss();
        root.layout();
    }

    /** Shows {@code model}'s task in this window (once per window); {@code onClose} runs when it closes. */
    void show(DetailViewModel model, Runnable onClose) {
        this.model = model;
        attempts.setItems(model.attempts());
        sourceNote.textProperty().bind(Bindings.createStringBinding(() -> model.filesProperty().get().sourceNote(),
                model.filesProperty()));
        TaskRecord first = model.taskProperty().get();
        if (first != null && first.state() == TaskState.FAILED) {
            outputs.getSelectionModel().select(errors); // why it failed is there
        }
        model.stdoutProperty().addListener((o, was, now) -> setKeepingScroll(stdout, now));
        model.stderrProperty().addListener((o, was, now) -> setKeepingScroll(stderr, now));
        setKeepingScroll(stdout, model.stdoutProperty().get());
        setKeepingScroll(stderr, model.stderrProperty().get());
        model.filesProperty().addListener((o, was, now) -> setKeepingScroll(source, now.source()));
        buttons.bind(model, results);
        model.dependants().addListener((javafx.collections.ListChangeListener<TaskRecord>) c -> links.dependants(model.taskId(),
                model.taskProperty().get() == null ? null : model.taskProperty().get().arrayId(), model.dependants()));
        stage.setOnHidden(e -> onClose.run());
        model.taskProperty().addListener((o, was, now) -> render(stage, now));
        model.filesProperty().addListener((o, was, now) -> render(stage, model.taskProperty().get()));
        render(stage, first);
        stage.show();
    }

    /** Output, errors (first for a failed task), the program's text and the attempts. */
    private TabPane tabs() {
        Tab out = new Tab("Output (stdout)", stdout);
        errors.setId("detail-errors-tab");
        sourceNote.setId("detail-source-note");
        sourceNote.getStyleClass().add("dim");
        sourceNote.setWrapText(true);
        VBox.setVgrow(source, Priority.ALWAYS);
        Tab program = new Tab("Program", new VBox(4, sourceNote, source));
        program.setId("detail-program-tab");
        Tab runs = new Tab("Attempts", attempts);
        runs.setId("detail-attempts-tab");
        TabPane tabs = new TabPane(out, errors, program, runs);
        tabs.setId("detail-outputs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        return tabs;
    }

    private void render(Stage stage, TaskRecord t) {
        if (t == null) {
            return;
        }
        stage.setTitle("Task " + t.displayId() + " — " + t.program());
        header.setText(t.state().mark() + "  Task " + t.displayId() + "  " + t.program());
        header.getStyleClass().removeIf(s -> s.startsWith("state-"));
        header.getStyleClass().add(Formats.stateClass(t.state()));
        fields.render(t);
        links.render(t);
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

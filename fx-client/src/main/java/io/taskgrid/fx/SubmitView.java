package io.taskgrid.fx;

import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The submit dialog: a program file or the code editor, and the task's fields, each with its error below. */
final class SubmitView {
    private static final double WIDTH = 720;

    private final Stage owner;
    private final SubmitViewModel model;
    private final Consumer<TaskRecord> onSubmitted;
    private final GridPane grid = new GridPane();
    private final Stage stage = new Stage();
    private TextField file;
    private int row;

    /**
     * Builds the dialog for {@code model}, styled and laid out, without showing it: {@link Prebuilt} builds the next one
     * ahead, in idle time, so that Ctrl+N only shows it.
     */
    SubmitView(Stage owner, SubmitViewModel model, Consumer<TaskRecord> onSubmitted) {
        this.owner = owner;
        this.model = model;
        this.onSubmitted = onSubmitted;
        build();
    }

    /** Runs {@code then} once the dialog has closed. */
    void onHidden(Runnable then) {
        stage.setOnHidden(e -> then.run());
    }

    /** Shows the dialog (once), the program's file field focused. */
    void show() {
        stage.show();
        file.requestFocus();
    }

    private void build() {
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Submit a task");

        ToggleGroup mode = new ToggleGroup();
        RadioButton fromFile = new RadioButton("A file");
        fromFile.setId("mode-file");
        RadioButton fromEditor = new RadioButton("Write it here");
        fromEditor.setId("mode-editor");
        fromFile.setToggleGroup(mode);
        fromEditor.setToggleGroup(mode);
        (model.useEditorProperty().get() ? fromEditor : fromFile).setSelected(true);
        mode.selectedToggleProperty().addListener((o, was, now) -> model.useEditorProperty().set(now == fromEditor));

        file = field("program-file", model.programFileProperty(), "Path of the program, e.g. examples/hello.py");
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Choose a program");
            File picked = chooser.showOpenDialog(stage);
            if (picked != null) {
                model.programFileProperty().set(picked.getAbsolutePath());
            }
        });
        HBox fileRow = grow(file, browse);
        fileRow.visibleProperty().bind(model.useEditorProperty().not());
        fileRow.managedProperty().bind(fileRow.visibleProperty());

        CodeEditor editor = new CodeEditor();
        TextField name = field("editor-name", model.editorNameProperty(), "main.py");
        name.setPrefColumnCount(16);
        editor.area().replaceText(SubmitViewModel.template(model.editorNameProperty().get()));
        model.editorTextProperty().set(editor.area().getText());
        editor.area().textProperty().addListener((o, was, now) -> model.editorTextProperty().set(now));
        model.editorNameProperty().addListener((o, was, now) -> editor.language(model.editorLanguage().orElse(null)));
        Node editorNode = editor.node();
        VBox editorBox = new VBox(4, new HBox(8, new Label("File name"), name), editorNode);
        ((HBox) editorBox.getChildren().get(0)).setAlignment(Pos.BASELINE_LEFT);
        VBox.setVgrow(editorNode, Priority.ALWAYS);
        editorBox.setPrefHeight(260);
        editorBox.visibleProperty().bind(model.useEditorProperty());
        editorBox.managedProperty().bind(editorBox.visibleProperty());

        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, values);
        grid.setHgap(10);
        grid.setVgap(4);

        add("Program", new VBox(6, new HBox(16, fromFile, fromEditor), fileRow, editorBox), model.programErrorProperty(), "program-error");
        add("Arguments", field("arguments", model.argumentsProperty(), "e.g. 200000 \"two words\""), model.argumentsErrorProperty(), "arguments-error");
        TextField data = field("data-path", model.dataPathProperty(), "relative to the shared folder, e.g. numbers.csv");
        Button browseShared = new Button("Shared folder…");
        browseShared.setDisable(model.localSharedRoot().isEmpty());
        browseShared.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Choose data on the shared folder");
            model.localSharedRoot().map(Path::toFile).ifPresent(chooser::setInitialDirectory);
            File picked = chooser.showOpenDialog(stage);
            if (picked != null) {
                model.chooseData(picked.toPath());
            }
        });
        add("Data", grow(data, browseShared), model.dataErrorProperty(), "data-error");
        add("Project", field("project", model.projectProperty(), "default"), model.projectErrorProperty(), "project-error");
        add("Project id", field("project-id", model.projectIdProperty(), "chosen by the controller when empty"), model.projectIdErrorProperty(), "project-id-error");
        add("E-mail", field("email", model.emailProperty(), "report to this address when the task ends"), model.emailErrorProperty(), "email-error");
        add("Time limit", field("timeout", model.timeoutProperty(), "e.g. 30s, 5m, 2h; empty for the controller's default"), model.timeoutErrorProperty(), "timeout-error");
        add("Requires labels", field("requires", model.requiresProperty(), "e.g. gpu !big-mem: only agents with gpu and without big-mem"),
                model.requiresErrorProperty(), "requires-error");
        add("CPUs", cpus(), model.cpusErrorProperty(), "cpus-error");
        add("Memory", field("memory", model.memoryProperty(), "e.g. 512M or 2G: the task is stopped if it uses more; empty for no bound"),
                model.memoryErrorProperty(), "memory-error");
        add("Array", array(), model.workflow().arrayErrorProperty(), "array-error");
        add("After", after(), model.workflow().afterErrorProperty(), "after-error");

        Label submitError = MainView.errorLabel(model.submitErrorProperty());
        submitError.setId("submit-error");
        Button submit = new Button("Submit");
        submit.setId("submit");
        submit.setDefaultButton(true);
        submit.getStyleClass().add("accent");
        submit.disableProperty().bind(model.submittingProperty());
        submit.textProperty().bind(Bindings.when(model.submittingProperty()).then("Submitting…").otherwise("Submit"));
        submit.setOnAction(e -> model.submit(task -> {
            stage.close();
            onSubmitted.accept(task);
        }));
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, cancel, submit);

        // The fields scroll when their sentences need more room than the window has: the buttons stay in sight. (Growing
        // the window instead is not safe: a window manager may refuse, and JavaFX then lays out for a height not shown.)
        VBox fields = new VBox(10, grid, submitError);
        fields.setPadding(new Insets(14, 14, 0, 14));
        ScrollPane scroll = new ScrollPane(fields);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        buttons.setPadding(new Insets(10, 14, 14, 14));
        BorderPane root = new BorderPane(scroll);
        root.setBottom(buttons);
        Scene scene = new Scene(root, WIDTH, Region.USE_COMPUTED_SIZE);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                stage.close();
            }
        });
        stage.setScene(scene);
        // CSS and layout now rather than in the pulse that first draws the dialog.
        root.applyCss();
        root.resize(WIDTH, root.prefHeight(WIDTH));
        root.layout();
    }

    private void add(String label, Node input, ObservableStringValue error, String errorId) {
        Label name = new Label(label);
        name.getStyleClass().add("field-name");
        GridPane.setValignment(name, javafx.geometry.VPos.TOP);
        Label problem = MainView.errorLabel(error);
        problem.setId(errorId);
        grid.addRow(row++, name, new VBox(2, input, problem));
    }

    /**
     * The CPUs: a spinner from 1 to {@link Resources#MAX_CPUS} whose text is the model's, so that what is typed is what
     * is checked and sent. Text that is not such a number stays as typed (the converter keeps the value it had) and is
     * refused next to the field.
     */
    private HBox cpus() {
        Spinner<Integer> spinner = new Spinner<>();
        spinner.setId("cpus-spinner");
        SpinnerValueFactory.IntegerSpinnerValueFactory values =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, Resources.MAX_CPUS, 1);
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer value) {
                return value == null ? "" : value.toString();
            }

            @Override
            public Integer fromString(String text) {
                try {
                    int n = Integer.parseInt(text.strip());
                    return n >= 1 && n <= Resources.MAX_CPUS ? n : values.getValue();
                } catch (NumberFormatException e) {
                    return values.getValue();
                }
            }
        });
        spinner.setValueFactory(values);
        spinner.setEditable(true);
        spinner.setPrefWidth(110);
        spinner.getEditor().setId("cpus");
        spinner.getEditor().textProperty().bindBidirectional(model.cpusProperty());
        Label hint = new Label("of one agent, held while the task runs");
        hint.getStyleClass().add("dim");
        HBox box = new HBox(10, spinner, hint);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** The array's indexes, with what they make said under them as they are typed. */
    private VBox array() {
        TextField indexes = field("array", model.workflow().arrayProperty(),
                "e.g. 1-1000%10: a task per index, 10 at most at once; empty for one");
        Label sentence = new Label();
        sentence.setId("array-sentence");
        sentence.getStyleClass().add("dim");
        sentence.setWrapText(true);
        sentence.textProperty().bind(model.workflow().arraySentenceProperty());
        sentence.visibleProperty().bind(sentence.textProperty().isNotEmpty());
        sentence.managedProperty().bind(sentence.visibleProperty());
        return new VBox(2, indexes, sentence);
    }

    /** The tasks to wait for, and how they must end (one choice for all of them, as one console option is). */
    private HBox after() {
        javafx.scene.control.ChoiceBox<io.taskgrid.api.task.Dependency.Kind> kind = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList(io.taskgrid.api.task.Dependency.Kind.values()));
        kind.setId("after-kind");
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(io.taskgrid.api.task.Dependency.Kind k) {
                return k == null ? "" : "once they " + k.outcome();
            }

            @Override
            public io.taskgrid.api.task.Dependency.Kind fromString(String text) {
                return null; // not editable
            }
        });
        kind.valueProperty().bindBidirectional(model.workflow().afterKindProperty());
        TextField ids = field("after", model.workflow().afterProperty(), "e.g. 41 42.7; empty to start at once");
        HBox.setHgrow(ids, Priority.ALWAYS);
        HBox box = new HBox(6, ids, kind);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(property);
        return f;
    }

    private static HBox grow(TextField field, Button button) {
        HBox.setHgrow(field, Priority.ALWAYS);
        HBox box = new HBox(6, field, button);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}

package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The detail window's fields: a label and a read-only, selectable value each, drawn from the task's record. Each value
 * has a context menu to copy it whole, or all the fields as "Name: value" lines; the message keeps its line breaks.
 */
final class DetailFields {
    private final Map<String, TextInputControl> fields = new LinkedHashMap<>();
    private final Map<String, Function<TaskRecord, String>> values = new LinkedHashMap<>();
    /** Fields shown only for some tasks (what a task asked for, when more than the default), and when. */
    private final Map<String, Predicate<TaskRecord>> shownWhen = new LinkedHashMap<>();
    private final Map<String, Label> labels = new LinkedHashMap<>();

    /** A field {@code detail-KEY} labelled {@code label}, its text drawn from the record by {@code value}. */
    void define(String key, String label, Function<TaskRecord, String> value) {
        TextField field = new TextField();
        field.setEditable(false);
        field.getStyleClass().add("value-field");
        add(key, label, field, value);
    }

    /** A field like {@link #define}, with its label, shown only for the tasks {@code shown} accepts. */
    void define(String key, String label, Function<TaskRecord, String> value, Predicate<TaskRecord> shown) {
        define(key, label, value);
        shownWhen.put(key, shown);
    }

    /** A field of several lines (the message): the checker's lines and a program's last words keep their breaks. */
    void defineLines(String key, String label, Function<TaskRecord, String> value) {
        TextArea area = new TextArea();
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(1);
        area.setMinHeight(Region.USE_PREF_SIZE); // all its lines (up to 6) show; the output tabs give way
        area.getStyleClass().add("value-area");
        add(key, label, area, value);
    }

    private void add(String key, String label, TextInputControl field, Function<TaskRecord, String> value) {
        field.setId("detail-" + key);
        field.setUserData(label);
        field.setContextMenu(copyMenu(field, label));
        fields.put(key, field);
        values.put(key, value);
    }

    GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(3);
        ColumnConstraints labelsColumn = new ColumnConstraints();
        labelsColumn.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints valuesColumn = new ColumnConstraints();
        valuesColumn.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labelsColumn, valuesColumn);
        int row = 0;
        for (Map.Entry<String, TextInputControl> e : fields.entrySet()) {
            TextInputControl field = e.getValue();
            Label label = new Label((String) field.getUserData());
            label.getStyleClass().add("field-name");
            label.setLabelFor(field);
            labels.put(e.getKey(), label);
            grid.addRow(row++, label, field);
        }
        return grid;
    }

    void render(TaskRecord t) {
        values.forEach((key, f) -> fields.get(key).setText(f.apply(t)));
        shownWhen.forEach((key, shown) -> {
            boolean visible = shown.test(t);
            for (Node n : new Node[] {fields.get(key), labels.get(key)}) {
                if (n != null) {
                    n.setVisible(visible);
                    n.setManaged(visible);
                }
            }
        });
        for (TextInputControl field : fields.values()) {
            if (field instanceof TextArea area) {
                area.setPrefRowCount((int) Math.max(1, Math.min(6, area.getText().lines().count())));
            }
        }
    }

    /** Every field shown as "Name: value", one a line (the message's further lines indented). */
    String all() {
        return fields.values().stream().filter(Node::isVisible)
                .map(f -> f.getUserData() + ": " + f.getText().replace("\n", "\n    "))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private ContextMenu copyMenu(TextInputControl field, String label) {
        MenuItem copy = new MenuItem("Copy " + label);
        copy.setId("copy-field");
        copy.setOnAction(e -> toClipboard(field.getSelectedText().isEmpty() ? field.getText() : field.getSelectedText()));
        MenuItem everything = new MenuItem("Copy all fields");
        everything.setId("copy-all-fields");
        everything.setOnAction(e -> toClipboard(all()));
        MenuItem select = new MenuItem("Select all");
        select.setOnAction(e -> field.selectAll());
        ContextMenu menu = new ContextMenu(copy, everything, new SeparatorMenuItem(), select);
        menu.setOnShowing(e -> copy.setText(field.getSelectedText().isEmpty() ? "Copy " + label
                : "Copy the selected text"));
        return menu;
    }

    static void toClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}

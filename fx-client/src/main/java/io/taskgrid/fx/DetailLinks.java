package io.taskgrid.fx;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskRecord;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * The detail window's links to other tasks: the array a member belongs to, the tasks it waits for (and how they must
 * end), and the tasks that wait for it. A click opens that task's detail. Its rows go under the fields, in their grid
 * (the values line up); rows with nothing to show are left out.
 */
final class DetailLinks {
    /** Dependants listed; more are said as a count. */
    static final int DEPENDANTS_SHOWN = 50;

    private final LongConsumer open;
    private final FlowPane array = flow("detail-array");
    private final FlowPane waitsFor = flow("detail-after");
    private final FlowPane neededBy = flow("detail-dependants");

    /** @param open opens the detail of the task with this id */
    DetailLinks(LongConsumer open) {
        this.open = open;
    }

    /** Adds its rows under those of {@code fields} (the detail's fields), hidden until there is something to show. */
    void addTo(GridPane fields) {
        addRow(fields, "Array", array);
        addRow(fields, "After", waitsFor);
        addRow(fields, "Needed by", neededBy);
        showRows();
    }

    /** The array and the dependencies, from the task's record. */
    void render(TaskRecord t) {
        array.getChildren().clear();
        if (t.inArray()) {
            array.getChildren().addAll(text("index " + t.arrayIndex() + " of array"), link(t.arrayId(), Long.toString(t.arrayId())),
                    text("(" + t.displayId() + ")"));
        }
        waitsFor.getChildren().clear();
        for (Dependency d : t.after()) {
            waitsFor.getChildren().addAll(link(d.taskId(), Long.toString(d.taskId())), text(mustEnd(d.kind()) + separator(d, t.after())));
        }
        showRows();
    }

    /** The tasks that wait for this one, as the controller listed them (at most {@link #DEPENDANTS_SHOWN}). */
    void dependants(long taskId, Long arrayId, List<TaskRecord> dependants) {
        neededBy.getChildren().clear();
        for (int i = 0; i < dependants.size(); i++) {
            TaskRecord d = dependants.get(i);
            // It waits for this task, or for the array this task is the first of.
            String how = d.after().stream().filter(x -> x.taskId() == taskId || (arrayId != null && x.taskId() == arrayId))
                    .findFirst().map(x -> ", after this " + (x.taskId() == taskId ? "task " : "array ") + x.kind().outcome())
                    .orElse("");
            neededBy.getChildren().addAll(link(d.id(), d.displayId()),
                    text("(" + d.program() + how + ")" + (i < dependants.size() - 1 ? "," : "")));
        }
        if (dependants.size() >= DEPENDANTS_SHOWN) {
            neededBy.getChildren().add(text("and maybe more: taskgrid history lists them."));
        }
        showRows();
    }

    /** "to succeed", "to end", "to fail": how the task waited for must end. */
    static String mustEnd(Dependency.Kind kind) {
        return switch (kind) {
            case SUCCEEDED -> "to succeed";
            case ENDED -> "to end, in any state";
            case FAILED -> "to fail";
        };
    }

    private static String separator(Dependency d, List<Dependency> all) {
        return all.indexOf(d) < all.size() - 1 ? "," : "";
    }

    private void showRows() {
        for (FlowPane row : List.of(array, waitsFor, neededBy)) {
            boolean shown = !row.getChildren().isEmpty();
            for (Node n : List.of(row, (Node) row.getUserData())) {
                n.setVisible(shown);
                n.setManaged(shown);
            }
        }
    }

    private static void addRow(GridPane grid, String name, FlowPane values) {
        Label label = new Label(name);
        label.getStyleClass().add("field-name");
        values.setUserData(label);
        grid.addRow(grid.getRowCount(), label, values);
    }

    private Hyperlink link(long taskId, String text) {
        Hyperlink link = new Hyperlink(text);
        link.getStyleClass().add("task-link");
        link.setUserData(taskId);
        link.setOnAction(e -> open.accept(taskId));
        return link;
    }

    private static Label text(String s) {
        return new Label(s);
    }

    private static FlowPane flow(String id) {
        FlowPane f = new FlowPane(4, 0);
        f.setId(id);
        f.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return f;
    }
}

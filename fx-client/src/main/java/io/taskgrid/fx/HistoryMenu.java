package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import javafx.event.ActionEvent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.Window;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The history rows' context menu: Show, Cancel, Hold, Release, Priority…, Run again, Open result folder, Copy id, for
 * the selected rows. Items that
 * cannot apply to all of them are disabled ({@link TaskActions} decides which); the work goes through {@link TaskActions}.
 */
final class HistoryMenu {
    /** How the Task menu's items' ids begin; the rest names the action, as in this menu ("menu-cancel"). */
    static final String TASK_MENU = "menu-task-";
    private final TableView<TaskRow> table;
    private final TaskActions actions;
    private final Consumer<TaskRow> open;
    private final Window owner;

    HistoryMenu(TableView<TaskRow> table, TaskActions actions, Consumer<TaskRow> open, Window owner) {
        this.table = table;
        this.actions = actions;
        this.open = open;
        this.owner = owner;
    }

    ContextMenu build() {
        ContextMenu menu = new ContextMenu(
                item("show", "Show", this::showSelected),
                item("cancel", "Cancel…", this::confirmCancel),
                new SeparatorMenuItem(),
                item("hold", "Hold", this::hold),
                item("release", "Release", this::release),
                item("priority", "Priority…", this::askPriority),
                new SeparatorMenuItem(),
                item("run-again", "Run again", this::runAgain),
                item("open-results", "Open result folder", this::openResults),
                item("copy-id", "Copy id", this::copyIds));
        menu.setId("history-menu");
        menu.setOnShowing(e -> enable(menu.getItems()));
        return menu;
    }

    /** Disables the items (of this menu or the Task menu: ids ending in the action) that cannot apply to the selection. */
    void enable(List<MenuItem> items) {
        List<TaskRecord> tasks = selected();
        for (MenuItem item : items) {
            String id = item.getId() == null ? "" : item.getId();
            String key = id.startsWith(TASK_MENU) ? id.substring(TASK_MENU.length())
                    : id.startsWith("menu-") ? id.substring("menu-".length()) : id;
            item.setDisable(!applies(key, tasks));
        }
    }

    /**
     * Whether the action named {@code key} ("show", "cancel" …) applies to all of the selection: {@code tasks} are the
     * selected tasks, {@code arrays} the selected arrays' rows (Cancel, Hold and Release act on the whole array; the
     * rest is for tasks, a member's row being one).
     */
    private boolean applies(String key, List<TaskRecord> tasks) {
        List<TaskRow> arrays = selectedArrays();
        List<TaskRecord> plain = selectedTasks();
        boolean one = tasks.size() == 1;
        return switch (key) {
            case "show" -> one;
            case "open-results" -> one && arrays.isEmpty() && tasks.get(0).resultPath() != null;
            case "cancel" -> !tasks.isEmpty() && (plain.isEmpty() || TaskActions.canCancel(plain))
                    && arrays.stream().allMatch(r -> TaskActions.canCancelArray(r.array()));
            case "hold", "release" -> !tasks.isEmpty()
                    && (plain.isEmpty() || (key.equals("hold") ? TaskActions.canHold(plain) : TaskActions.canRelease(plain)))
                    && arrays.stream().allMatch(r -> TaskActions.canHoldArray(r.array()));
            case "priority" -> arrays.isEmpty() && TaskActions.canReprioritize(tasks);
            case "run-again" -> arrays.isEmpty() && actions.canRunAgain(tasks);
            case "copy-id" -> !tasks.isEmpty();
            default -> true;
        };
    }

    private void hold() {
        List<TaskRecord> plain = selectedTasks();
        if (!plain.isEmpty()) {
            actions.hold(plain);
        }
        selectedArrays().forEach(r -> actions.holdArray(r.id()));
    }

    private void release() {
        List<TaskRecord> plain = selectedTasks();
        if (!plain.isEmpty()) {
            actions.release(plain);
        }
        selectedArrays().forEach(r -> actions.releaseArray(r.id()));
    }

    /** The selected rows that stand for whole arrays. */
    private List<TaskRow> selectedArrays() {
        return table.getSelectionModel().getSelectedItems().stream().filter(r -> r != null && r.isArray()).toList();
    }

    /** The selected tasks that are not arrays (a member's row is a task). */
    private List<TaskRecord> selectedTasks() {
        return table.getSelectionModel().getSelectedItems().stream().filter(r -> r != null && !r.isArray())
                .map(TaskRow::task).toList();
    }

    /** Opens the selected task's detail (Enter too). */
    void showSelected() {
        TaskRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            open.accept(row);
        }
    }

    /** Opens the selected task's result folder, where the shared folder is mounted here. */
    void openResults() {
        List<TaskRecord> tasks = selected();
        if (tasks.size() == 1) {
            actions.openResults(tasks.get(0));
        }
    }

    private static MenuItem item(String id, String text, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId("menu-" + id);
        item.setOnAction(e -> action.run());
        return item;
    }

    private List<TaskRecord> selected() {
        return table.getSelectionModel().getSelectedItems().stream().map(TaskRow::task).toList();
    }

    /**
     * One confirmation for all the selected tasks that can still be cancelled (also the Delete key's); a selected array
     * is cancelled whole (its members that have not ended).
     */
    void confirmCancel() {
        List<TaskRecord> tasks = selectedTasks().stream().filter(t -> !t.state().isFinal()).toList();
        List<TaskRow> arrays = selectedArrays().stream().filter(r -> TaskActions.canCancelArray(r.array())).toList();
        if (tasks.isEmpty() && arrays.isEmpty()) {
            return;
        }
        String question = arrays.isEmpty() ? TaskActions.cancelQuestion(tasks)
                : arrays.size() == 1 && tasks.isEmpty()
                ? TaskActions.cancelArrayQuestion(arrays.get(0).id(), arrays.get(0).task(), arrays.get(0).array())
                : "Cancel " + (tasks.size() + arrays.size()) + " tasks and arrays (every member of an array that has not"
                + " ended)? The processes of those running are killed.";
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.YES, ButtonType.NO);
        confirm.initOwner(owner);
        confirm.setHeaderText(null);
        confirm.setTitle(arrays.isEmpty() ? (tasks.size() == 1 ? "Cancel a task" : "Cancel tasks")
                : tasks.isEmpty() && arrays.size() == 1 ? "Cancel an array" : "Cancel tasks and arrays");
        confirm.showAndWait().filter(b -> b == ButtonType.YES).ifPresent(b -> {
            if (!tasks.isEmpty()) {
                actions.cancel(tasks);
            }
            arrays.forEach(r -> actions.cancelArray(r.id()));
        });
    }

    /** A number from -100 to 100; anything else is refused in words and the dialog stays open. */
    private void askPriority() {
        List<TaskRecord> tasks = selected();
        TextInputDialog dialog = new TextInputDialog(tasks.size() == 1 ? Integer.toString(tasks.get(0).priority()) : "0");
        dialog.initOwner(owner);
        dialog.setTitle("Priority");
        String which = tasks.size() == 1 ? "task " + tasks.get(0).id() : tasks.size() + " tasks";
        String ask = "A new priority for " + which + ", from " + TaskActions.LOWEST_PRIORITY + " to "
                + TaskActions.HIGHEST_PRIORITY + " (higher runs first; above 0 only administrators).";
        dialog.setHeaderText(ask);
        dialog.getDialogPane().setId("priority-dialog");
        dialog.getEditor().setId("priority-input");
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            String problem = TaskActions.priorityProblem(dialog.getEditor().getText());
            if (problem != null) {
                dialog.setHeaderText(problem);
                e.consume();
            }
        });
        dialog.showAndWait().ifPresent(text -> actions.reprioritize(tasks, text));
    }

    /** Submits the selected tasks again (the Ctrl+R of the Task menu too). */
    void runAgain() {
        List<TaskRecord> tasks = selected();
        if (actions.canRunAgain(tasks)) {
            actions.runAgain(tasks);
        }
    }

    /** Puts the selected tasks' ids on the clipboard, separated by spaces (Ctrl+C in the table too). */
    void copyIds() {
        if (selected().isEmpty()) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(table.getSelectionModel().getSelectedItems().stream()
                .map(r -> r.isArray() ? Long.toString(r.id()) : r.task().displayId()).collect(Collectors.joining(" ")));
        Clipboard.getSystemClipboard().setContent(content);
    }
}

package io.taskgrid.fx;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The detail window's row of buttons (Open result folder, Run again, Refresh, Cancel task, Close) with its error and
 * notice: built ahead with the window ({@link #build}), bound to the task's model when it is shown ({@link #bind}).
 */
final class DetailButtons {
    private final Button open = button("detail-open-results", "Open result folder");
    private final Button again = button("detail-run-again", "Run again");
    private final Button cancel = button("detail-cancel", "Cancel task");
    private final Button refresh = new Button("Refresh");
    private final Button close = new Button("Close");
    private final Tooltip openTip = tip();
    private final Tooltip againTip = tip();
    private final Label error = new Label();
    private final Label notice = new Label();

    HBox build(Stage stage) {
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        error.getStyleClass().add("field-error");
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.setWrapText(true);
        notice.setId("detail-notice");
        notice.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, error, notice, spacer, explained(open, openTip), explained(again, againTip), refresh,
                cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        return buttons;
    }

    void bind(DetailViewModel model, ResultOpener results) {
        error.textProperty().bind(model.errorProperty());
        notice.textProperty().bind(model.noticeProperty());
        open.disableProperty().bind(Bindings.createBooleanBinding(
                () -> model.filesProperty().get().resultHere() == null, model.filesProperty()));
        open.setOnAction(e -> model.openResults(results));
        openTip.textProperty().bind(Bindings.createStringBinding(() -> {
            TaskFiles.Seen seen = model.filesProperty().get();
            return seen.resultHere() != null ? "Open " + seen.resultHere() + " in the file manager." : seen.resultProblem();
        }, model.filesProperty()));
        again.disableProperty().bind(model.runAgainProblemProperty().isNotEmpty());
        again.setOnAction(e -> model.runAgain());
        againTip.textProperty().bind(Bindings.when(model.runAgainProblemProperty().isEmpty())
                .then("Submit it again: the same program, data, arguments, project and priority, even if it ran before.")
                .otherwise(model.runAgainProblemProperty()));
        cancel.disableProperty().bind(model.cancellableProperty().not());
        cancel.setOnAction(e -> model.cancel());
        refresh.setOnAction(e -> model.load());
    }

    private static Button button(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }

    private static Tooltip tip() {
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        return tip;
    }

    /** A button with a tooltip that shows also while it is disabled (a disabled control shows none of its own). */
    private static Node explained(Button button, Tooltip tip) {
        StackPane holder = new StackPane(button);
        Tooltip.install(holder, tip);
        return holder;
    }
}

package io.taskgrid.fx;

import io.taskgrid.api.Durations;
import io.taskgrid.api.client.UserUsage;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.function.Function;

/** The Users tab: each user's recent use, share and tasks, refreshed every 5 s while it shows. */
final class UsageView {
    static final Duration EVERY = Duration.seconds(5);
    private final UsageViewModel model;

    UsageView(UsageViewModel model) {
        this.model = model;
    }

    VBox build(ReadOnlyBooleanProperty showing) {
        TableView<UserUsage> table = new TableView<>(model.users());
        table.setId("usage");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Nobody has used the pool recently."));
        table.getColumns().add(column("User", 140, UserUsage::user));
        table.getColumns().add(column("Recent CPU", 110, u -> Durations.formatCpu(u.recentCpuSeconds())));
        table.getColumns().add(column("Share", 70, u -> Math.round(u.share() * 100) + " %"));
        table.getColumns().add(column("Running", 80, u -> Integer.toString(u.running())));
        table.getColumns().add(column("Waiting", 80, u -> Integer.toString(u.queued())));
        Label explanation = new Label();
        explanation.setId("usage-explanation");
        explanation.setWrapText(true);
        explanation.textProperty().bind(model.explanationProperty());
        Label error = new Label();
        error.getStyleClass().add("error");
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        VBox box = new VBox(6, table, explanation, error);
        box.setPadding(new Insets(6));
        VBox.setVgrow(table, Priority.ALWAYS);

        Timeline every = new Timeline(new KeyFrame(EVERY, e -> model.refresh()));
        every.setCycleCount(Timeline.INDEFINITE);
        showing.addListener((obs, was, now) -> {
            if (now) {
                model.refresh();
                every.play();
            } else {
                every.stop();
            }
        });
        return box;
    }

    private static TableColumn<UserUsage, String> column(String title, double width, Function<UserUsage, String> value) {
        TableColumn<UserUsage, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }
}

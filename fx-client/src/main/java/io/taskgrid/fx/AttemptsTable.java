package io.taskgrid.fx;

import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskState;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.function.Function;

/** The detail window's list of a task's runs: number, agent, started, ended, how it ended (as the console's show). */
final class AttemptsTable {
    private AttemptsTable() {
    }

    static TableView<TaskAttempt> of(ObservableList<TaskAttempt> attempts, Formats formats) {
        TableView<TaskAttempt> table = new TableView<>(attempts);
        table.setId("detail-attempts");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("#", 40, a -> Integer.toString(a.attempt())));
        table.getColumns().add(column("Agent", 260, a -> a.agentId() == null ? ""
                : a.agentId() + (a.agentHost() == null ? "" : " on " + a.agentHost())));
        table.getColumns().add(column("Started", 150, a -> formats.full(a.startedAt())));
        table.getColumns().add(column("Ended", 150, a -> formats.full(a.endedAt())));
        table.getColumns().add(column("How it ended", 260, AttemptsTable::howItEnded));
        table.setPlaceholder(new Label("No run yet: the task has not started."));
        return table;
    }

    /** "succeeded", "running", "back to the queue: Agent agent-a was lost". */
    static String howItEnded(TaskAttempt a) {
        String how = a.state() == TaskState.RUNNING ? "running"
                : a.state() == TaskState.QUEUED ? "back to the queue" : a.state().label();
        if (a.message() == null || a.message().isBlank()) {
            return how;
        }
        String message = a.message().strip();
        int nl = message.indexOf('\n');
        return how + ": " + (nl < 0 ? message : message.substring(0, nl) + " …");
    }

    private static TableColumn<TaskAttempt, String> column(String title, double width, Function<TaskAttempt, String> f) {
        TableColumn<TaskAttempt, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }
}

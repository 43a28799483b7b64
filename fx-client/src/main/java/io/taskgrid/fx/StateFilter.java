package io.taskgrid.fx;

import io.taskgrid.api.task.TaskState;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;

import java.util.List;
import java.util.Set;

/**
 * The history's filter by state beside the text filter: a {@link CheckComboBox} of the states with their marks
 * (✓ succeeded, X failed …); none checked shows all. Kept in step with {@link HistoryViewModel#filterStatesProperty()}
 * both ways (a notification's click sets the states too).
 */
final class StateFilter {
    private final HistoryViewModel history;
    private final CheckComboBox<TaskState> box = new CheckComboBox<>();
    /** Set while the boxes are being checked from the model: those changes are not sent back. */
    private boolean syncing;

    StateFilter(HistoryViewModel history) {
        this.history = history;
    }

    CheckComboBox<TaskState> build() {
        box.setId("state-filter");
        box.getItems().setAll(TaskState.values());
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(TaskState s) {
                return s == null ? "" : s.mark() + "  " + s.label();
            }

            @Override
            public TaskState fromString(String text) {
                throw new UnsupportedOperationException("states are chosen, not typed");
            }
        });
        box.setTooltip(new Tooltip("Show only tasks in the states checked; none checked shows all (Esc in the filter clears it)."));
        box.setPrefWidth(190);
        show(history.filterStatesProperty().get());
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<TaskState>) c -> {
            updateTitle();
            if (!syncing) {
                history.showStates(List.copyOf(box.getCheckModel().getCheckedItems()));
            }
        });
        history.filterStatesProperty().addListener((o, was, now) -> show(now));
        return box;
    }

    private void show(Set<TaskState> states) {
        if (Set.copyOf(box.getCheckModel().getCheckedItems()).equals(states)) {
            updateTitle();
            return;
        }
        syncing = true;
        try {
            box.getCheckModel().clearChecks();
            for (TaskState s : states) {
                box.getCheckModel().check(s);
            }
        } finally {
            syncing = false;
        }
        updateTitle();
    }

    /** "All states" when none is checked; else the checked states are listed. */
    private void updateTitle() {
        box.setTitle(box.getCheckModel().getCheckedItems().isEmpty() ? "All states" : null);
    }
}

package io.taskgrid.fx;

import io.taskgrid.api.client.UsageReport;
import io.taskgrid.api.client.UserUsage;
import io.taskgrid.client.session.ControllerGateway;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.function.Supplier;

/**
 * Who used the pool recently, as fair share weighs it ({@code taskgrid usage}): asked of the controller off the FX
 * thread when the Users tab shows and every few seconds while it does.
 */
final class UsageViewModel {
    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final ObservableList<UserUsage> users = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private boolean asking;

    UsageViewModel(Supplier<ControllerGateway> gateway, Background background) {
        this.gateway = gateway;
        this.background = background;
    }

    ObservableList<UserUsage> users() {
        return users;
    }

    /** How the controller uses the figures, or why there are none. */
    ReadOnlyStringProperty explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Asks the controller again, unless an answer is still on its way (a slow controller is not asked twice). */
    void refresh() {
        if (asking) {
            return;
        }
        asking = true;
        background.run(() -> gateway.get().usage(), this::show, problem -> {
            asking = false;
            error.set(problem);
        });
    }

    private void show(UsageReport report) {
        asking = false;
        error.set("");
        users.setAll(report.users());
        explanation.set(report.users().isEmpty() ? "Nobody has used the pool recently. " + report.explanation()
                : report.explanation());
    }
}

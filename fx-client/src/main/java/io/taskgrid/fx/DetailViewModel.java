package io.taskgrid.fx;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.task.TaskRecord;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.function.Supplier;

/**
 * One task's detail window: the full record with its output, refreshed by the task's events (state, agent,
 * CPU and memory while it runs) and fetched again once it ends, for the final output.
 */
final class DetailViewModel {
    private final long taskId;
    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final ReadOnlyObjectWrapper<TaskRecord> task = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanBinding cancellable;

    DetailViewModel(long taskId, TaskRecord known, Supplier<ControllerGateway> gateway, Background background) {
        this.taskId = taskId;
        this.gateway = gateway;
        this.background = background;
        task.set(known);
        cancellable = Bindings.createBooleanBinding(() -> task.get() != null && !task.get().state().isFinal(), task);
    }

    long taskId() {
        return taskId;
    }

    ReadOnlyObjectProperty<TaskRecord> taskProperty() {
        return task.getReadOnlyProperty();
    }

    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    BooleanBinding cancellableProperty() {
        return cancellable;
    }

    /** Fetches the task with its output. */
    void load() {
        background.run(() -> gateway.get().task(taskId), full -> {
            error.set("");
            task.set(full);
        }, error::set);
    }

    /** A newer state from an event (without output): keeps the output shown, fetches it again at the end. */
    void apply(TaskRecord update) {
        if (update.id() != taskId) {
            return;
        }
        TaskRecord old = task.get();
        boolean ended = update.state().isFinal() && (old == null || !old.state().isFinal());
        task.set(old == null ? update : update.toBuilder().output(old.output()).errorOutput(old.errorOutput()).build());
        if (ended) {
            load();
        }
    }

    void cancel() {
        background.run(() -> gateway.get().cancel(taskId), t -> {
            error.set("");
            apply(t);
        }, error::set);
    }
}

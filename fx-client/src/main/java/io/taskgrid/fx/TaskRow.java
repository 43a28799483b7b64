package io.taskgrid.fx;

import io.taskgrid.api.task.TaskRecord;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One line of the history table. The row object stays while its task changes, so that an update redraws
 * the cells without disturbing the table's selection or scroll position.
 */
final class TaskRow {
    private final long id;
    private final ReadOnlyObjectWrapper<TaskRecord> task;

    TaskRow(TaskRecord task) {
        this.id = task.id();
        this.task = new ReadOnlyObjectWrapper<>(task);
    }

    long id() {
        return id;
    }

    TaskRecord task() {
        return task.get();
    }

    ReadOnlyObjectProperty<TaskRecord> taskProperty() {
        return task.getReadOnlyProperty();
    }

    void update(TaskRecord newer) {
        task.set(newer);
    }

    @Override
    public String toString() {
        return "TaskRow[" + id + " " + task.get().state() + "]";
    }
}

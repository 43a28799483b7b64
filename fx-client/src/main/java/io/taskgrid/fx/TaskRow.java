package io.taskgrid.fx;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.TaskRecord;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One line of the history table: a task, an array (its first member's record standing for it, with the array's counts
 * once known) or, under an expanded array, one of its members. The row object stays while its task changes, so that an
 * update redraws the cells without disturbing the table's selection or scroll position.
 */
final class TaskRow {
    /** What the row's cells draw: the record, and for an array row its counts ({@code null} until they are known). */
    record Shown(TaskRecord task, boolean member, ArraySummary array) {
        /** Whether the row stands for a whole array (the folded history's row of its first member). */
        boolean isArray() {
            return !member && task.firstOfArray();
        }
    }

    private final long id;
    private final boolean member;
    private final ReadOnlyObjectWrapper<TaskRecord> task;
    private final ReadOnlyObjectWrapper<Shown> shown;

    TaskRow(TaskRecord task) {
        this(task, false);
    }

    private TaskRow(TaskRecord task, boolean member) {
        this.id = task.id();
        this.member = member;
        this.task = new ReadOnlyObjectWrapper<>(task);
        this.shown = new ReadOnlyObjectWrapper<>(new Shown(task, member, null));
    }

    /** A member's row under its expanded array. */
    static TaskRow member(TaskRecord task) {
        return new TaskRow(task, true);
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

    /** The task and, for an array row, its counts: what the table's cells draw. */
    ReadOnlyObjectProperty<Shown> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** Whether the row is a member listed under its expanded array. */
    boolean isMember() {
        return member;
    }

    /** Whether the row stands for a whole array. */
    boolean isArray() {
        return shown.get().isArray();
    }

    /** The array's counts, for an array row whose counts are known; else null. */
    ArraySummary array() {
        return shown.get().array();
    }

    void update(TaskRecord newer) {
        task.set(newer);
        shown.set(new Shown(newer, member, shown.get().array()));
    }

    /** The array's counts as the controller last gave them (an array row only). */
    void summarize(ArraySummary counts) {
        shown.set(new Shown(task.get(), member, counts));
    }

    @Override
    public String toString() {
        return "TaskRow[" + (member ? task.get().displayId() : id) + " " + task.get().state() + "]";
    }
}

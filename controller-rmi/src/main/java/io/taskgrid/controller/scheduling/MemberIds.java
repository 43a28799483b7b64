package io.taskgrid.controller.scheduling;

import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;

/** The project ids of an array's members, as the history writes them: the first's base, a dot, the index. */
final class MemberIds {
    private MemberIds() {
    }

    /** The project id of the member at {@code position}, given the first member as saved ({@code BASE.FIRST}). */
    static String projectId(TaskRecord first, TaskArray array, int position) {
        String id = first.projectId();
        String base = id == null ? "t" + first.id() : id.substring(0, id.lastIndexOf('.') < 0 ? id.length() : id.lastIndexOf('.'));
        return base + "." + array.indexAt(position);
    }
}

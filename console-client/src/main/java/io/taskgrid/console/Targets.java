package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.session.ControllerGateway;

/**
 * Resolves what people type to what the controller knows: {@code 42.7} to that member, {@code 42} to the task, or to
 * the whole array when 42 is an array's id (to act on its first member alone, one writes {@code 42.1}).
 */
final class Targets {
    private final ControllerGateway gateway;

    Targets(ControllerGateway gateway) {
        this.gateway = gateway;
    }

    Target resolve(TaskRef ref) {
        if (ref.member()) {
            return new Target.One(gateway.member(ref.id(), ref.index()));
        }
        TaskRecord task = gateway.task(ref.id());
        return task.firstOfArray() ? new Target.WholeArray(task) : new Target.One(task);
    }

    /**
     * The one task {@code ref} names, for a command that works on one ({@code logs}, {@code priority}); an array's id is
     * refused with the member to name instead.
     */
    TaskRecord one(TaskRef ref, String command) {
        Target target = resolve(ref);
        if (target instanceof Target.WholeArray whole) {
            TaskRecord first = whole.record();
            throw new InputRefusedException(ref + " is an array; `taskgrid " + command + "` works on one task: name a member,"
                    + " like " + first.displayId() + " (`taskgrid show " + ref + "` counts them by state).");
        }
        return target.record();
    }

    /** The id {@code ref} names without asking what it is: a member's own id, a plain id (a task or an array) as it is. */
    long taskId(TaskRef ref) {
        return ref.member() ? gateway.member(ref.id(), ref.index()).id() : ref.id();
    }
}

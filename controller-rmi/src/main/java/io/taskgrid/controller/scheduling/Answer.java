package io.taskgrid.controller.scheduling;

import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.TaskGridException;

/**
 * What a request of an owner or an administrator answered on the scheduler thread: the result, or why it was
 * refused, carried out as a value because {@link CommandLoop#call} would wrap a checked exception.
 */
record Answer<T>(T value, TaskGridException refused) {
    static <T> Answer<T> of(T value) {
        return new Answer<>(value, null);
    }

    static <T> Answer<T> refusedFor(TaskGridException why) {
        return new Answer<>(null, why);
    }

    T orThrow() throws InvalidRequestException, NoSuchTaskException {
        if (refused instanceof InvalidRequestException e) {
            throw e;
        }
        if (refused instanceof NoSuchTaskException e) {
            throw e;
        }
        if (refused != null) {
            throw new IllegalStateException(refused);
        }
        return value;
    }
}

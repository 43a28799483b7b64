package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.NoSuchTaskException;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.controller.history.StoreException;

import java.util.List;

/**
 * The calls of a client session about task arrays and dependencies: an array at a glance, one member by index, what
 * acts on a whole array (its owner or an administrator), and who waits for a task. The caller's address is checked by
 * the session before.
 */
final class ArrayCalls {
    /** Most dependants one call lists. */
    static final int MAX_DEPENDANTS = 1_000;

    /** What acts on a whole array, in the scheduler. */
    private interface ArrayChange {
        int apply(long arrayId, int size);
    }

    private final Grid grid;

    ArrayCalls(Grid grid) {
        this.grid = grid;
    }

    ArraySummary summary(long arrayId) throws NoSuchTaskException, InvalidRequestException {
        return grid.store().arraySummary(arrayId).orElseThrow(() -> notAnArray(arrayId));
    }

    TaskRecord member(Authenticator.Login login, long arrayId, int index) throws NoSuchTaskException, InvalidRequestException {
        TaskArray array = grid.store().array(arrayId).orElseThrow(() -> notAnArray(arrayId));
        TaskRecord member = grid.store().member(arrayId, index).orElseThrow(() -> new InvalidRequestException("Array "
                + arrayId + " has no index " + index + "; its indexes are " + array.toString().replaceAll("%.*", "")
                + " (FIRST-LAST:STEP)."));
        return grid.access().view(login, member);
    }

    ArraySummary cancel(Authenticator.Login login, String host, long arrayId)
            throws NoSuchTaskException, InvalidRequestException, AccessDeniedException, java.rmi.RemoteException {
        return change(login, host, arrayId, "cancel", grid.scheduler()::cancelArray);
    }

    ArraySummary hold(Authenticator.Login login, String host, String user, long arrayId)
            throws NoSuchTaskException, InvalidRequestException, AccessDeniedException, java.rmi.RemoteException {
        return change(login, host, arrayId, "hold", (id, size) -> grid.scheduler().holdArray(id, size, user));
    }

    ArraySummary release(Authenticator.Login login, String host, long arrayId)
            throws NoSuchTaskException, InvalidRequestException, AccessDeniedException, java.rmi.RemoteException {
        return change(login, host, arrayId, "release", grid.scheduler()::releaseArray);
    }

    List<TaskRecord> dependants(Authenticator.Login login, long taskId, int limit) throws InvalidRequestException {
        if (limit < 1 || limit > MAX_DEPENDANTS) {
            throw new InvalidRequestException("Ask for 1 to " + MAX_DEPENDANTS + " dependants of a task, not " + limit + ".");
        }
        return grid.access().view(login, grid.store().dependants(taskId, limit));
    }

    private ArraySummary change(Authenticator.Login login, String host, long arrayId, String action, ArrayChange change)
            throws NoSuchTaskException, InvalidRequestException, AccessDeniedException, java.rmi.RemoteException {
        TaskRecord first = grid.store().find(arrayId).orElseThrow(() -> new NoSuchTaskException(arrayId));
        TaskArray array = grid.store().array(arrayId).orElseThrow(() -> notAnArray(arrayId));
        grid.access().checkControl(login, host, first, action);
        try {
            change.apply(arrayId, array.size());
        } catch (StoreException e) {
            throw HistoryFailures.unavailable("record the " + action + " of array " + arrayId, e);
        }
        return summary(arrayId);
    }

    private InvalidRequestException notAnArray(long id) {
        return grid.store().find(id).isPresent()
                ? new InvalidRequestException("Task " + id + " is not an array; `taskgrid show " + id + "` shows it.")
                : new InvalidRequestException("There is no array " + id + "; `taskgrid history` lists tasks and arrays.");
    }
}

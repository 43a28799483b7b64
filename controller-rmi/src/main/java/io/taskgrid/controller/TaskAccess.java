package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.TaskRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who may see what of a task and act on it, as batch systems do: everyone logged in lists every task; its output
 * excerpts and result path go to its owner (the user who submitted it) and administrators only, unless
 * {@link TaskPrivacy#EVERYONE}; cancelling is the owner's or an administrator's. Without log-in every client is
 * an administrator, so nothing changes for {@code taskgrid local}.
 */
final class TaskAccess {
    private static final Logger LOG = LoggerFactory.getLogger(TaskAccess.class);
    private final TaskPrivacy privacy;

    TaskAccess(TaskPrivacy privacy) {
        this.privacy = Objects.requireNonNull(privacy, "privacy");
    }

    static boolean owns(Authenticator.Login viewer, TaskRecord task) {
        return viewer.admin() || viewer.user().equals(task.clientUser());
    }

    /** Whether {@code viewer} sees the task's output excerpts and result path. */
    boolean maySee(Authenticator.Login viewer, TaskRecord task) {
        return privacy == TaskPrivacy.EVERYONE || owns(viewer, task);
    }

    /** The task as {@code viewer} may see it: whole, or with its output and result path withheld. */
    TaskRecord view(Authenticator.Login viewer, TaskRecord task) {
        if (maySee(viewer, task)) {
            return task;
        }
        return task.withOutputWithheld();
    }

    List<TaskRecord> view(Authenticator.Login viewer, List<TaskRecord> tasks) {
        List<TaskRecord> out = new ArrayList<>(tasks.size());
        tasks.forEach(t -> out.add(view(viewer, t)));
        return out;
    }

    /** Events as {@code viewer} may see them: task events carry the task as {@link #view} shows it. */
    List<GridEvent> viewEvents(Authenticator.Login viewer, List<GridEvent> events) {
        List<GridEvent> out = new ArrayList<>(events.size());
        for (GridEvent e : events) {
            out.add(e instanceof TaskEvent t ? new TaskEvent(t.sequence(), t.at(), view(viewer, t.task())) : e);
        }
        return out;
    }

    /** A callback that hands {@code viewer}'s client only what it may see. */
    ClientCallback filtered(Authenticator.Login viewer, ClientCallback callback) {
        if (viewer.admin() || privacy == TaskPrivacy.EVERYONE) {
            return callback;
        }
        return new ClientCallback() {
            @Override
            public void onEvents(List<GridEvent> events) throws RemoteException {
                callback.onEvents(viewEvents(viewer, events));
            }

            @Override
            public String toString() {
                return "filtered " + callback;
            }
        };
    }

    /**
     * For reading a task's output files ({@code taskgrid logs}): the same rule as {@link #maySee}, refused in words.
     *
     * @throws AccessDeniedException naming the owner, when the output is not the viewer's to see
     */
    void checkOutput(Authenticator.Login viewer, String host, TaskRecord task) throws AccessDeniedException {
        if (maySee(viewer, task)) {
            return;
        }
        String owner = task.clientUser() == null ? "another user" : task.clientUser();
        LOG.warn("Refused to show user '{}' from {} the output of task {} of {}.", viewer.user(), host, task.id(), owner);
        throw new AccessDeniedException("Task " + task.id() + " belongs to " + owner + "; its output goes to " + owner
                + " and administrators only on this controller (it runs with --task-privacy owner).");
    }

    /** As {@link #checkOutput}, for the task's program. */
    void checkProgram(Authenticator.Login viewer, String host, TaskRecord task) throws AccessDeniedException {
        if (maySee(viewer, task)) {
            return;
        }
        String owner = task.clientUser() == null ? "another user" : task.clientUser();
        LOG.warn("Refused to show user '{}' from {} the program of task {} of {}.", viewer.user(), host, task.id(), owner);
        throw new AccessDeniedException("Task " + task.id() + " belongs to " + owner + "; its program goes to " + owner
                + " and administrators only on this controller (it runs with --task-privacy owner).");
    }

    /**
     * @param action what the viewer asked for, as a verb ("cancel")
     * @throws AccessDeniedException naming the owner, when the viewer is neither the owner nor an administrator
     */
    void checkControl(Authenticator.Login viewer, String host, TaskRecord task, String action) throws AccessDeniedException {
        if (owns(viewer, task)) {
            return;
        }
        String owner = task.clientUser() == null ? "another user" : task.clientUser();
        LOG.warn("Refused to let user '{}' from {} {} task {} of {}.", viewer.user(), host, action, task.id(), owner);
        throw new AccessDeniedException("Task " + task.id() + " belongs to " + owner + "; only " + owner
                + " or an administrator may " + action + " it.");
    }
}

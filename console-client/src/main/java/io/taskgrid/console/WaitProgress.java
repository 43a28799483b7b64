package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.io.PrintWriter;

/**
 * What {@code submit --wait} tells a person while it waits: one line when the task is queued (with why it waits),
 * one when it starts or starts again (on which agent, which attempt), and, when Ctrl-C ends the wait, that the
 * task goes on and how to follow or stop it.
 */
final class WaitProgress {
    private final PrintWriter err;
    private TaskState lastState;
    private int lastAttempt;
    private boolean ended;

    WaitProgress(PrintWriter err) {
        this.err = err;
    }

    /** The task as it is now; says something only when its state or attempt changed. */
    synchronized void changed(TaskRecord task) {
        if (task.state() == lastState && task.attempt() == lastAttempt) {
            return;
        }
        lastState = task.state();
        lastAttempt = task.attempt();
        String line = switch (task.state()) {
            case QUEUED -> "Task " + task.id() + " is queued" + (task.waitReason() == null ? "." : ": " + task.waitReason());
            case RUNNING -> "Task " + task.id() + " runs on " + (task.agentId() == null ? "an agent" : task.agentId())
                    + (task.agentHost() == null ? "" : " (" + task.agentHost() + ")")
                    + (task.attempt() > 1 ? ", attempt " + task.attempt() : "") + ".";
            default -> null;
        };
        if (line != null) {
            err.println(line);
            err.flush();
        }
    }

    /** The wait is over (the task ended, or the command failed): Ctrl-C from now on has nothing to say. */
    synchronized void ended() {
        ended = true;
    }

    /** Ctrl-C while waiting: the task is not stopped by it, so say so and how to get back to it. */
    synchronized void interrupted(long taskId) {
        if (ended) {
            return;
        }
        err.println();
        err.println("Stopped waiting; task " + taskId + " goes on.");
        err.println("Follow its output: taskgrid logs -f " + taskId + "   Stop it: taskgrid cancel " + taskId);
        err.flush();
        ended = true;
    }
}

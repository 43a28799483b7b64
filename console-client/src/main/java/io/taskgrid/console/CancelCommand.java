package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancels a queued or running task (the agent stops everything the program started)."},
        footer = {"", "Example:", "  taskgrid cancel 42"})
final class CancelCommand extends ClientCommand implements Callable<Integer> {

    static final Duration SETTLE = Duration.ofSeconds(10);

    @Parameters(index = "0", paramLabel = "TASK-ID", description = "The task's id (see `taskgrid history`).")
    long taskId;

    CancelCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            TaskRecord before = gateway.task(taskId);
            if (before.state().isFinal()) {
                out().println("Task " + taskId + " had already ended: " + before.state().label() + ".");
                return ExitCodes.OK;
            }
            TaskRecord task = gateway.cancel(taskId);
            if (!task.state().isFinal()) {
                // The agent is stopping it: wait briefly for the end so the answer is final.
                task = new TaskFollower(gateway, TaskFollower.LONG_POLL).follow(taskId, t -> { }, SETTLE);
            }
            if (task.state() == TaskState.CANCELLED) {
                out().println("Task " + taskId + " cancelled.");
            } else if (task.state().isFinal()) {
                out().println("Task " + taskId + " ended as " + task.state().label() + " before it could be cancelled.");
            } else {
                out().println("Task " + taskId + " is being cancelled (" + task.state().label() + " now). Follow it: taskgrid show " + taskId);
            }
            return ExitCodes.OK;
        }
    }
}

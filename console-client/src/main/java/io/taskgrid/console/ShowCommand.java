package io.taskgrid.console;

import io.taskgrid.client.session.ControllerGateway;

import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Shows one task: its state, program, agent, times, result folder, why it waits, and its output."},
        footer = {"", "Example:", "  taskgrid show 42"})
final class ShowCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TASK-ID", converter = TaskIdConverter.class, description = "The task's id (see `taskgrid history`).")
    long taskId;

    @Option(names = "--json", description = "Print the task as JSON.")
    boolean json;

    ShowCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            TaskRecord task = gateway.task(taskId);
            List<TaskAttempt> attempts = gateway.attempts(taskId);
            if (json) {
                out().println(new JsonOutput().task(task, attempts));
            } else {
                text().show(task, attempts).forEach(out()::println);
            }
            return ExitCodes.OK;
        }
    }
}

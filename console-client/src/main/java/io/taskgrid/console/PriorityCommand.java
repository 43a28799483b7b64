package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "priority", mixinStandardHelpOptions = true,
        description = {"Gives a queued task another priority: higher runs first, 0 is the default, -100 to 100.",
                "You may lower your own tasks (to let a colleague's run first) or raise them back to 0;"
                        + " only an administrator raises a task above 0. A task that already runs keeps its place."},
        footer = {"", "Examples:", "  taskgrid priority 42 -10", "  taskgrid priority 42 0"})
final class PriorityCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TASK-ID", converter = TaskRef.Converter.class,
            description = "The queued task: its id, or ARRAY.INDEX for a member of an array.")
    TaskRef ref;

    @Parameters(index = "1", paramLabel = "PRIORITY", description = "Its new priority, -100 to 100.")
    int priority;

    PriorityCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            TaskRecord t = gateway.reprioritize(new Targets(gateway).one(ref, "priority").id(), priority);
            out().println("Task " + t.displayId() + " (" + t.program() + ") has priority " + t.priority() + " now.");
            return ExitCodes.OK;
        }
    }
}

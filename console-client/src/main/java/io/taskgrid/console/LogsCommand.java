package io.taskgrid.console;

import io.taskgrid.api.task.TaskOutput;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.output.OutputFollower;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Prints a task's output as the agent writes it; -f follows it until the task ends.",
                "The program's stdout goes to stdout here, its stderr to stderr.",
                "Without -f: what is there now, exit 0. With -f: follows it until the task ends, then exits as submit --wait does"
                        + " (0 succeeded, 1 failed or cancelled); Ctrl-C stops following and leaves the task running."},
        footer = {"", "Examples:", "  taskgrid logs 42", "  taskgrid logs -f 42 | grep loss"})
final class LogsCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TASK-ID", converter = TaskRef.Converter.class,
            description = "The task's id (see `taskgrid history`), or ARRAY.INDEX for a member of an array.")
    TaskRef ref;

    /** The id of the task {@link #ref} names, once resolved. */
    private long taskId;

    @Option(names = {"-f", "--follow"}, description = "Follow the output until the task ends.")
    boolean follow;

    private final OutputFollower.Pause pause;

    LogsCommand(ConsoleEnvironment env, Clock clock, OutputFollower.Pause pause) {
        super(env, clock);
        this.pause = pause;
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = follow ? connectFollowing() : connect()) {
            TaskRecord task = new Targets(gateway).one(ref, "logs");
            taskId = task.id();
            if (task.state() == TaskState.REJECTED) {
                err().println(Outcomes.endingSentence(task) + " It has no output.");
                return follow ? Outcomes.exitCode(task) : ExitCodes.OK;
            }
            OutputPrinter printer = new OutputPrinter(out(), err());
            if (task.state() == TaskState.DUPLICATE && task.duplicateOf() != null) {
                // A duplicate never ran: its output is the earlier task's, as with submit --wait.
                err().println("Task " + taskId + " did not run: it is a duplicate of task " + task.duplicateOf()
                        + ", whose output follows.");
                err().flush();
                new OutputFollower(gateway, pause).readNow(task.duplicateOf(), printer);
                printer.close();
                return ExitCodes.OK;
            }
            return follow ? follow(gateway, printer) : readNow(gateway, task, printer);
        }
    }

    private int readNow(ControllerGateway gateway, TaskRecord task, OutputPrinter printer) {
        TaskOutput last = new OutputFollower(gateway, pause).readNow(taskId, printer);
        printer.close();
        if (!last.stdout().exists() && !last.stderr().exists()) {
            err().println(switch (last.state()) {
                case QUEUED -> "Task " + taskId + " is queued; it has written nothing yet. Follow it: taskgrid logs -f " + taskId;
                case RUNNING -> "Task " + taskId + " has written nothing yet. Follow it: taskgrid logs -f " + taskId;
                default -> "Task " + taskId + " " + last.state().label() + " and its result folder holds no stdout.txt or stderr.txt"
                        + (task.resultPath() == null ? " (it never ran)." : " (" + task.resultPath() + " was removed?).");
            });
        }
        err().flush();
        return ExitCodes.OK;
    }

    private int follow(ControllerGateway gateway, OutputPrinter printer) {
        // Ctrl-C ends the JVM without interrupting this thread: the hook says what it leaves behind.
        Thread onInterrupt = new Thread(() -> printer.interrupted(() -> {
            err().println();
            // Two lines: one would wrap mid-word in an 80-column terminal.
            err().println("Stopped following task " + taskId + "; it goes on.");
            err().println("Follow it again: taskgrid logs -f " + taskId + "   Stop it: taskgrid cancel " + taskId);
        }), "taskgrid-logs-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            new OutputFollower(gateway, pause).follow(taskId, printer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFollower.FollowInterruptedException(taskId);
        } finally {
            printer.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException stopping) {
                // The JVM is already stopping (Ctrl-C): the hook runs and says what happened.
            }
        }
        TaskRecord ended = gateway.task(taskId);
        String ending = Outcomes.endingSentence(ended);
        if (ending != null) {
            err().println(ending);
        }
        err().flush();
        return Outcomes.exitCode(ended);
    }
}

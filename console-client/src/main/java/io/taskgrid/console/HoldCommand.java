package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/** {@code taskgrid hold} and {@code taskgrid release}: one class, two commands, as they only differ in the call. */
final class HoldCommand {
    private HoldCommand() {
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = {"Keeps queued tasks from starting until `taskgrid release` (your own, or any as an administrator).",
                    "A held task keeps its place; one that already runs or waits on an agent cannot be held (cancel it instead)."},
            footer = {"", "Examples:", "  taskgrid hold 42", "  taskgrid hold 42 43 44", "  taskgrid submit --hold sweep.py  (held from the start)"})
    static final class Hold extends Change {
        Hold(ConsoleEnvironment env, Clock clock) {
            super(env, clock, ControllerGateway::hold, t -> "Task " + t.id() + " (" + t.program() + ") is held; `taskgrid release "
                    + t.id() + "` lets it start.");
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Lets held tasks start: they go back to their place in the queue."},
            footer = {"", "Example:", "  taskgrid release 42 43"})
    static final class Release extends Change {
        Release(ConsoleEnvironment env, Clock clock) {
            super(env, clock, ControllerGateway::release, Release::said);
        }

        private static String said(TaskRecord t) {
            String task = "Task " + t.id() + " (" + t.program() + ")";
            if (t.held()) {
                return task + " is still held.";
            }
            return switch (t.state()) {
                case RUNNING -> task + " is released and runs now.";
                case QUEUED -> task + " is released; it starts in its turn.";
                default -> task + " has ended: " + t.state().label() + ".";
            };
        }
    }

    /** Applies one change to each task named, in one session; says what became of each, and goes on after a refusal. */
    abstract static class Change extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "TASK-ID", arity = "1..*", description = "The tasks' ids (see `taskgrid history`).")
        List<String> taskIdWords = new ArrayList<>();

        private final BiFunction<ControllerGateway, Long, TaskRecord> change;
        private final java.util.function.Function<TaskRecord, String> said;

        Change(ConsoleEnvironment env, Clock clock, BiFunction<ControllerGateway, Long, TaskRecord> change,
               java.util.function.Function<TaskRecord, String> said) {
            super(env, clock);
            this.change = change;
            this.said = said;
        }

        @Override
        public Integer call() {
            List<Long> ids = new ArrayList<>();
            TaskIdConverter converter = new TaskIdConverter();
            for (String word : taskIdWords) {
                try {
                    ids.add(converter.convert(word));
                } catch (picocli.CommandLine.TypeConversionException e) {
                    throw new InputRefusedException(e.getMessage());
                }
            }
            int exitCode = ExitCodes.OK;
            try (ControllerGateway gateway = connect()) {
                for (long id : ids) {
                    try {
                        out().println(said.apply(change.apply(gateway, id)));
                    } catch (io.taskgrid.client.ClientException e) {
                        if (ids.size() == 1) {
                            throw e;
                        }
                        err().println(e.getMessage());
                        exitCode = exitCode == ExitCodes.OK ? ExitCodes.of(e) : exitCode;
                    }
                }
            }
            return exitCode;
        }
    }
}

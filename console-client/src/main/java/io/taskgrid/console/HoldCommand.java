package io.taskgrid.console;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.session.ControllerGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/** {@code taskgrid hold} and {@code taskgrid release}: one class, two commands, as they only differ in the call. */
final class HoldCommand {
    private HoldCommand() {
    }

    @Command(name = "hold", mixinStandardHelpOptions = true,
            description = {"Keeps queued tasks from starting until `taskgrid release` (your own, or any as an administrator).",
                    "A held task keeps its place; one that already runs or waits on an agent cannot be held (cancel it instead).",
                    "An array's id holds every member that waits (those running go on); ARRAY.INDEX (42.7) holds one member."},
            footer = {"", "Examples:", "  taskgrid hold 42", "  taskgrid hold 42 43 44", "  taskgrid submit --hold sweep.py  (held from the start)"})
    static final class Hold extends Change {
        Hold(ConsoleEnvironment env, Clock clock) {
            super(env, clock, ControllerGateway::hold, t -> "Task " + t.displayId() + " (" + t.program() + ") is held; `taskgrid release "
                    + t.displayId() + "` lets it start.", ControllerGateway::holdArray, Hold::said);
        }

        /** "Array 42 (sim.py) is held: its 950 waiting members start only after `taskgrid release 42`; 10 running go on." */
        static String said(ArraySummary a) {
            String array = "Array " + a.arrayId() + " (" + a.program() + ")";
            int waiting = a.count(TaskState.QUEUED);
            int running = a.count(TaskState.RUNNING);
            String goOn = running == 0 ? "" : "; " + running + " running go on";
            if (waiting == 0) {
                return array + " has no waiting member to hold" + goOn + ".";
            }
            return array + " is held: its " + waiting + (waiting == 1 ? " waiting member starts" : " waiting members start")
                    + " only after `taskgrid release " + a.arrayId() + "`" + goOn + ".";
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Lets held tasks start: they go back to their place in the queue. An array's id releases every"
                    + " held member; ARRAY.INDEX (42.7) releases one."},
            footer = {"", "Example:", "  taskgrid release 42 43"})
    static final class Release extends Change {
        Release(ConsoleEnvironment env, Clock clock) {
            super(env, clock, ControllerGateway::release, Release::said, ControllerGateway::releaseArray, a -> "Array "
                    + a.arrayId() + " (" + a.program() + ") is released: " + a.countsInWords() + ".");
        }

        private static String said(TaskRecord t) {
            String task = "Task " + t.displayId() + " (" + t.program() + ")";
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

    /**
     * Applies one change to each task or array named, in one session; says what became of each, and goes on after a
     * refusal.
     */
    abstract static class Change extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "TASK-ID", arity = "1..*", description = "The tasks' ids (see `taskgrid history`), arrays'"
                + " ids or ARRAY.INDEX for one member.")
        List<String> taskIdWords = new ArrayList<>();

        private final BiFunction<ControllerGateway, Long, TaskRecord> change;
        private final Function<TaskRecord, String> said;
        private final BiFunction<ControllerGateway, Long, ArraySummary> arrayChange;
        private final Function<ArraySummary, String> arraySaid;

        Change(ConsoleEnvironment env, Clock clock, BiFunction<ControllerGateway, Long, TaskRecord> change,
               Function<TaskRecord, String> said, BiFunction<ControllerGateway, Long, ArraySummary> arrayChange,
               Function<ArraySummary, String> arraySaid) {
            super(env, clock);
            this.change = change;
            this.said = said;
            this.arrayChange = arrayChange;
            this.arraySaid = arraySaid;
        }

        @Override
        public Integer call() {
            List<TaskRef> refs = taskIdWords.stream().map(TaskRef::parse).toList();
            int exitCode = ExitCodes.OK;
            try (ControllerGateway gateway = connect()) {
                Targets targets = new Targets(gateway);
                for (TaskRef ref : refs) {
                    try {
                        Target target = targets.resolve(ref);
                        out().println(target instanceof Target.WholeArray whole
                                ? arraySaid.apply(arrayChange.apply(gateway, whole.arrayId()))
                                : said.apply(change.apply(gateway, target.record().id())));
                    } catch (io.taskgrid.client.ClientException e) {
                        if (refs.size() == 1) {
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

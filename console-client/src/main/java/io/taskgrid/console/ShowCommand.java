package io.taskgrid.console;

import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.UnknownTaskException;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.api.task.ArraySummary;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Shows one task: its state, program, agent, times, result folder, why it waits, what it waits for,"
                + " what waits for it, and its output.",
                "An array's id shows the whole array: its members counted by state and which did not succeed; ARRAY.INDEX"
                        + " (42.7) shows one member."},
        footer = {"", "Examples:", "  taskgrid show 42", "  taskgrid show 42.7"})
final class ShowCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TASK-ID", converter = TaskRef.Converter.class,
            description = "The task's id (see `taskgrid history`), an array's id, or ARRAY.INDEX for a member.")
    TaskRef ref;

    @Option(names = "--json", description = "Print the task as JSON.")
    boolean json;

    @Option(names = "--program", description = "Print the task's program as it was submitted (e.g. to edit and submit"
            + " it again: taskgrid show 42 --program > job.py). In a terminal, control characters are left out.")
    boolean program;

    ShowCommand(ConsoleEnvironment env, Clock clock) {
        super(env, clock);
    }

    @Override
    public Integer call() {
        try (ControllerGateway gateway = connect()) {
            Targets targets = new Targets(gateway);
            if (program) { // an array's members all run its first member's program
                long id = targets.taskId(ref);
                return printProgram(id, gateway.program(id));
            }
            Target target = targets.resolve(ref);
            TaskRecord task = target.record();
            List<TaskRecord> dependants = dependants(gateway, task.id());
            if (target instanceof Target.WholeArray whole) {
                ArraySummary summary = gateway.array(whole.arrayId());
                if (json) {
                    out().println(new JsonOutput().array(summary, dependants));
                } else {
                    Fields.fitted(text().showArray(summary, links(gateway, task, dependants)), env.terminalWidth())
                            .forEach(out()::println);
                }
                return ExitCodes.OK;
            }
            List<TaskAttempt> attempts = gateway.attempts(task.id());
            if (json) {
                out().println(new JsonOutput().task(task, attempts, dependants));
            } else {
                Fields.fitted(text().show(task, attempts, links(gateway, task, dependants)), env.terminalWidth())
                        .forEach(out()::println);
            }
            return ExitCodes.OK;
        }
    }

    /** The tasks that wait for this one; none from a controller too old to tell (show still shows the task). */
    private static List<TaskRecord> dependants(ControllerGateway gateway, long id) {
        try {
            return gateway.dependants(id, DependencyText.DEPENDANTS_COUNTED);
        } catch (InputRefusedException tooOld) {
            return List.of();
        }
    }

    private static Links links(ControllerGateway gateway, TaskRecord task, List<TaskRecord> dependants) {
        String waitsFor = task.after().isEmpty() ? null : DependencyText.waitsFor(task.after(), id -> isArray(gateway, id));
        return new Links(waitsFor, dependants.isEmpty() ? null : DependencyText.neededBy(dependants));
    }

    /** Whether {@code id} is an array's; a task since removed from the history is said as a task. */
    private static boolean isArray(ControllerGateway gateway, long id) {
        try {
            return gateway.task(id).firstOfArray();
        } catch (UnknownTaskException gone) {
            return false;
        }
    }

    private int printProgram(long taskId, ProgramSource source) {
        if (!source.isInline()) {
            err().println("Task " + taskId + " runs " + source.sharedPath() + " from the shared folder; the controller"
                    + " keeps no copy of it, so read it there (it may have changed since the task ran).");
            return ExitCodes.TASK_FAILED;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(source.inlineContent())).toString();
        } catch (CharacterCodingException e) {
            err().println("The program of task " + taskId + " (" + source.fileName() + ", " + source.inlineContent().length
                    + " bytes) is not text; it is not printed.");
            return ExitCodes.TASK_FAILED;
        }
        // A program is someone's input: on a terminal it must not be able to move the cursor or retitle the window.
        out().print(env.interactiveTerminal() ? printable(text) : text);
        out().flush();
        return ExitCodes.OK;
    }

    static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t' || OutputTail.printable(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}

package io.taskgrid.console;

import io.taskgrid.client.session.ControllerGateway;

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
        description = {"Shows one task: its state, program, agent, times, result folder, why it waits, and its output."},
        footer = {"", "Example:", "  taskgrid show 42"})
final class ShowCommand extends ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TASK-ID", converter = TaskIdConverter.class, description = "The task's id (see `taskgrid history`).")
    long taskId;

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
            if (program) {
                return printProgram(gateway.program(taskId));
            }
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

    private int printProgram(ProgramSource source) {
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

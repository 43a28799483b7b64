package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.task.TaskState;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractiveShellTest {
    @TempDir
    Path folder;
    final FakeController controller = new FakeController("/srv/shared");

    private String type(String lines) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminal terminal = ShellTesting.terminal(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), screen);
        ConsoleEnvironment outer = new ConsoleEnvironment(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                Map.of(), true, controller);
        Path history = ShellHistory.prepare(folder.resolve("state/taskgrid/shell_history"));
        InteractiveShell.Setup setup = new InteractiveShell.Setup(outer, ShellTesting.runner(), ControllerAddress.localDefault(),
                ShellTesting.commands(folder).apply(outer).getCommandSpec(), folder, history, ShellTesting.CLOCK);
        assertEquals(0, new InteractiveShell(terminal, setup).run());
        terminal.flush();
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void typedLinesRunOnOneLogInUntilExitAndAFailureShowsInThePrompt() throws Exception {
        controller.tasks.put(7L, task(7, TaskState.SUCCEEDED).program("examples/hello.py").build());

        String screen = type("history\nshow 404\nshow 7\nexit\nhistory\n");

        assertTrue(screen.contains("TaskGrid shell on localhost:1099"), screen);
        assertTrue(screen.contains("examples/hello.py"), screen);
        assertTrue(screen.contains("taskgrid (exit 2)> "), "show 404 failed with exit 2:\n" + screen);
        assertEquals(1, controller.connections.get(), "one log-in for the shell");
        assertEquals(1, controller.closed.get(), "the session ends with the shell");
        // The status line asks for running and queued tasks; `history` alone asks for all states, once: not after exit.
        assertEquals(1, controller.queries.stream().filter(q -> q.state() == null).count(), "nothing ran after exit:\n" + screen);
        assertTrue(Files.readString(folder.resolve("state/taskgrid/shell_history")).contains("show 7"));
    }

    @Test
    void theEndOfInputLeavesTheShell() throws Exception {
        String screen = type("agents\n");

        assertTrue(screen.contains("taskgrid> "), screen);
        assertEquals(1, controller.closed.get());
    }
}

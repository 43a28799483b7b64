package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.ControllerUnreachableException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedSessionTest {
    final FakeController controller = new FakeController("/srv/shared");
    final ControllerAddress home = ControllerAddress.localDefault();
    final List<String> notes = new ArrayList<>();
    final SharedSession session = new SharedSession(controller, home, notes::add);

    private int runLines(String lines, ShellTesting.Captured output) throws Exception {
        ConsoleEnvironment env = new ConsoleEnvironment(output.writer, output.writer, java.util.Map.of(), false, session);
        return new ScriptedShell(ShellTesting.runner()).run(new BufferedReader(new StringReader(lines)), env);
    }

    @Test
    void severalLinesShareOneSessionWhichEndsWithTheShell() throws Exception {
        controller.tasks.put(3L, task(3, TaskState.RUNNING).build());
        ShellTesting.Captured output = new ShellTesting.Captured();

        int code = runLines("history\n# a comment\n\nshow 3\nagents\nclients\n", output);

        assertEquals(0, code, output.toString());
        assertEquals(1, controller.connections.get(), "one log-in for four commands");
        assertEquals(0, controller.closed.get(), "the commands' close() leaves the shell's session open");
        session.close();
        assertEquals(1, controller.closed.get());
    }

    @Test
    void theScriptEndsWithTheLastCommandsExitCodeAndStopsAtExit() throws Exception {
        ShellTesting.Captured output = new ShellTesting.Captured();

        assertEquals(ExitCodes.USAGE, runLines("history\nshow 404\n", output));
        assertEquals(0, runLines("show 404\nhistory\nexit\nshow 404\n", output));
        assertEquals(ExitCodes.USAGE, runLines("history 'unclosed\n", output));
        assertTrue(output.toString().contains("Line 1 has a quote that is not closed"), output.toString());
    }

    @Test
    void afterTheControllerWentAwayTheNextCommandConnectsAgainAndSaysSo() {
        ConsoleEnvironment env = new ConsoleEnvironment(new ShellTesting.Captured().writer, new ShellTesting.Captured().writer,
                java.util.Map.of(), false, session);
        LineRunner runner = ShellTesting.runner();
        runner.run(List.of("history"), env);
        try (var lent = session.connect(home)) {
            // A call of a command finds the controller gone.
            controller.eventFailures.add(() -> new ControllerUnreachableException("gone", null));
            assertThrows(ControllerUnreachableException.class, () -> lent.events(1, java.time.Duration.ofMillis(1)));
        }

        LineRunner.Result result = runner.run(List.of("history"), env);

        assertEquals(0, result.exitCode());
        assertEquals(2, controller.connections.get());
        assertEquals(List.of("Connected again to the controller at " + home + "."), notes);
        assertEquals(1, controller.closed.get(), "the lost session was closed");
    }

    @Test
    void aCommandForAnotherControllerGetsASessionOfItsOwn() {
        ControllerAddress elsewhere = ControllerAddress.parse("grid-master:2000");
        session.connect(elsewhere).close();
        session.connect(home).close();
        session.connect(home).close();

        assertEquals(2, controller.connections.get());
        assertEquals(1, controller.closed.get(), "only the other controller's session was closed");
    }
}

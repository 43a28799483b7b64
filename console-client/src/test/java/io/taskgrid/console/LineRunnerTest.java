package io.taskgrid.console;

import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineRunnerTest {
    final FakeController controller = new FakeController("/srv/shared");
    final ShellTesting.Captured output = new ShellTesting.Captured();
    final LineRunner runner = ShellTesting.runner();

    private LineRunner.Result run(String line) {
        return runner.run(ShellWords.split(ShellWords.parser(), line), output.env(controller));
    }

    @Test
    void aLineRunsItsCommandAndItsOutputShows() {
        controller.tasks.put(7L, task(7, TaskState.SUCCEEDED).program("examples/hello.py").build());

        LineRunner.Result result = run("history --limit 5");

        assertEquals(0, result.exitCode(), output.toString());
        assertFalse(result.leave());
        assertTrue(output.toString().contains("examples/hello.py"), output.toString());
        assertEquals(5, controller.queries.get(0).limit());
    }

    @Test
    void quotedWordsStayOneArgument() {
        assertEquals(List.of("submit", "a b.py", "--project", "x y"),
                ShellWords.split(ShellWords.parser(), "submit 'a b.py' --project \"x y\"  "));
    }

    @Test
    void aFailingCommandGivesItsExitCodeAndSentence() {
        LineRunner.Result result = run("show 99");

        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(output.toString().contains("99"), output.toString());
    }

    @Test
    void theShellInsideTheShellIsRefusedWithASentence() {
        LineRunner.Result result = run("shell");

        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(output.toString().startsWith("You are in the shell already"), output.toString());
        assertEquals(0, controller.connections.get());
    }

    @Test
    void aServerCommandIsRefusedWithWhereToRunIt() {
        LineRunner.Result result = run("local --agents 2");

        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(output.toString().contains("run `taskgrid local` in a terminal of its own"), output.toString());
    }

    @Test
    void anUnknownCommandIsNamedWithTheCommandsThereAre() {
        LineRunner.Result result = run("histroy");

        assertEquals(ExitCodes.USAGE, result.exitCode());
        assertTrue(output.toString().startsWith("There is no command `histroy`; the commands are submit, history"), output.toString());
        assertFalse(output.toString().contains("shell,"), output.toString());
    }

    @Test
    void exitAndQuitLeaveAndABlankLineRunsNothing() {
        assertTrue(run("exit").leave());
        assertTrue(run("quit").leave());
        LineRunner.Result blank = run("   ");
        assertFalse(blank.leave());
        assertEquals(0, blank.exitCode());
        assertEquals("", output.toString());
    }

    @Test
    void helpListsTheCommandsAndHelpOfACommandShowsItsOptions() {
        assertEquals(0, run("help").exitCode());
        assertTrue(output.toString().startsWith("Commands: submit, history, show, logs, watch, cancel, agents, clients, usage, status, priority, hold, release, drain, resume."), output.toString());

        assertEquals(0, run("help submit").exitCode());
        assertTrue(output.toString().contains("--project=NAME"), output.toString());
        assertEquals(0, run("--help").exitCode());
        assertTrue(output.toString().contains("Usage: taskgrid"), output.toString());
    }
}

package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.ControllerUnreachableException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitCodesTest {
    final FakeController controller = new FakeController("/srv/shared");
    final ConsoleRun console = new ConsoleRun(controller);

    @Test
    void anUnreachableControllerExitsWith3AndOneSentence() {
        controller.failure = new ControllerUnreachableException("Cannot reach the controller at localhost:1099 (Connection"
                + " refused). Start one with `taskgrid local`, or point --controller / TASKGRID_CONTROLLER at it.", null);

        assertEquals(3, console.run("history"));

        assertEquals("Cannot reach the controller at localhost:1099 (Connection refused). Start one with `taskgrid local`,"
                + " or point --controller / TASKGRID_CONTROLLER at it.\n", console.err());
        assertEquals("", console.out());
    }

    @Test
    void theControllerComesFromTheOptionThenTheVariableThenTheDefault() {
        assertEquals(0, console.run("history"));
        assertEquals(new ControllerAddress("localhost", 1099), controller.connectedTo);

        console.variables.put("TASKGRID_CONTROLLER", "grid.example.org:2000");
        assertEquals(0, console.run("agents"));
        assertEquals(new ControllerAddress("grid.example.org", 2000), controller.connectedTo);

        assertEquals(0, console.run("clients", "--controller", "10.0.0.5"));
        assertEquals(new ControllerAddress("10.0.0.5", 1099), controller.connectedTo);
    }

    @Test
    void theControllerMayAlsoBeNamedBeforeTheCommandAndTheOneAfterWins() {
        assertEquals(0, console.run("--controller", "10.0.0.6:1234", "history"));
        assertEquals(new ControllerAddress("10.0.0.6", 1234), controller.connectedTo);

        assertEquals(0, console.run("--controller", "10.0.0.6:1234", "agents", "--controller", "10.0.0.7"));
        assertEquals(new ControllerAddress("10.0.0.7", 1099), controller.connectedTo);
    }

    @Test
    void aBadPortExitsWith2AndASentence() {
        assertEquals(2, console.run("history", "--controller", "localhost:99999"));
        assertTrue(console.err().startsWith("'localhost:99999' is not a controller address; write it as HOST or HOST:PORT"
                + " with a port between 1 and 65535"), console.err());

        ConsoleRun fromVariable = new ConsoleRun(controller);
        fromVariable.variables.put("TASKGRID_CONTROLLER", "localhost:http");
        assertEquals(2, fromVariable.run("agents"));
        assertTrue(fromVariable.err().contains("(from TASKGRID_CONTROLLER)"), fromVariable.err());
    }

    @Test
    void anUnexpectedErrorIsOneSentenceNotAStackTrace() {
        controller.failure = new IllegalStateException("disk on fire");

        assertEquals(1, console.run("history"));

        assertEquals("taskgrid history stopped on an unexpected error (IllegalStateException: disk on fire)."
                + " Please report it with the command you ran.\n", console.err());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithAHint() {
        assertEquals(2, console.run("history", "--colour"));

        assertTrue(console.err().contains("Unknown option: '--colour'"), console.err());
        assertTrue(console.err().contains("Run `taskgrid history --help` for how to use it."), console.err());
        assertFalse(console.err().contains("at io.taskgrid"), console.err());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, console.run());
        assertTrue(console.err().startsWith("Name a command"), console.err());
    }

    @Test
    void everyCommandHasHelpWithADescriptionAndAnExample() {
        for (String command : List.of("submit", "history", "show", "watch", "cancel", "agents", "clients")) {
            ConsoleRun help = new ConsoleRun(controller);
            assertEquals(0, help.run(command, "--help"), command);
            assertTrue(help.out().startsWith("Usage: taskgrid " + command), help.out());
            assertTrue(help.out().contains("--controller=HOST[:PORT]"), command + ":\n" + help.out());
            assertTrue(help.out().contains("Example"), command + ":\n" + help.out());
        }
        ConsoleRun top = new ConsoleRun(controller);
        assertEquals(0, top.run("--help"));
        assertTrue(top.out().contains("submit"), top.out());
        ConsoleRun submitHelp = new ConsoleRun(controller);
        submitHelp.run("submit", "--help");
        assertTrue(submitHelp.out().contains("`--`"), "submit's help documents --: " + submitHelp.out());
    }
}

package io.taskgrid.console;

import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20 item 3: `taskgrid logs [-f] ID`. */
class LogsCommandTest {
    private final FakeController controller = new FakeController("/shared");
    private final ConsoleRun console = new ConsoleRun(controller);

    @Test
    void printsWhatTheTaskWroteSoFarOnTheMatchingStreamsAndExits0() {
        controller.tasks.put(5L, FakeController.task(5, TaskState.RUNNING).build());
        controller.writeOutput(5, "line 1\nline 2\n", "warning\n");

        int code = console.run("logs", "5");

        assertEquals(ExitCodes.OK, code, console.err());
        assertEquals("line 1\nline 2\n", console.out());
        assertEquals("warning\n", console.err());
    }

    @Test
    void aQueuedTaskHasNothingYetAndSaysHowToFollowIt() {
        controller.tasks.put(6L, FakeController.task(6, TaskState.QUEUED).build());

        assertEquals(ExitCodes.OK, console.run("logs", "6"));
        assertEquals("", console.out());
        assertTrue(console.err().contains("Task 6 is queued; it has written nothing yet. Follow it: taskgrid logs -f 6"), console.err());
    }

    @Test
    void followingPrintsLinesAsTheyComeAndExitsAsSubmitWaitDoes() {
        controller.tasks.put(7L, FakeController.task(7, TaskState.RUNNING).build());
        controller.writeOutput(7, "line 1\n", "");
        AtomicInteger polls = new AtomicInteger();
        StringBuilder seenBeforeTheEnd = new StringBuilder();
        console.pause = wait -> {
            int n = polls.incrementAndGet();
            if (n < 3) {
                controller.writeOutput(7, "line " + (n + 1) + "\n", "");
            } else {
                seenBeforeTheEnd.append(console.out());
                controller.writeOutput(7, "", "Traceback: boom\n");
                controller.tasks.put(7L, FakeController.task(7, TaskState.FAILED).exitCode(3).build());
            }
        };

        int code = console.run("logs", "-f", "7");

        assertEquals("line 1\nline 2\nline 3\n", seenBeforeTheEnd.toString(), "the lines are printed while the task runs");
        assertEquals(ExitCodes.TASK_FAILED, code, console.err());
        assertEquals("line 1\nline 2\nline 3\n", console.out());
        assertEquals("Traceback: boom\nTask 7 failed: Exited with code 3.\n", console.err());
    }

    @Test
    void followingATaskThatSucceedsExits0() {
        controller.tasks.put(8L, FakeController.task(8, TaskState.RUNNING).build());
        console.pause = wait -> {
            controller.writeOutput(8, "done, no newline", "");
            controller.tasks.put(8L, FakeController.task(8, TaskState.SUCCEEDED).exitCode(0).build());
        };

        assertEquals(ExitCodes.OK, console.run("logs", "--follow", "8"), console.err());
        assertEquals("done, no newline\n", console.out(), "a last line left open is ended, so the prompt starts on its own line");
    }

    @Test
    void aDuplicateShowsTheOutputOfTheTaskItDuplicates() {
        controller.tasks.put(3L, FakeController.task(3, TaskState.SUCCEEDED).build());
        controller.writeOutput(3, "from task 3\n", "");
        controller.tasks.put(9L, FakeController.task(9, TaskState.DUPLICATE).duplicateOf(3L).build());

        assertEquals(ExitCodes.OK, console.run("logs", "9"));
        assertEquals("from task 3\n", console.out());
        assertTrue(console.err().contains("Task 9 did not run: it is a duplicate of task 3"), console.err());
    }

    @Test
    void anUnknownOrMalformedIdIsRefusedInWords() {
        assertEquals(ExitCodes.USAGE, console.run("logs", "99"));
        assertTrue(console.err().contains("There is no task 99"), console.err());

        ConsoleRun again = new ConsoleRun(controller);
        assertEquals(ExitCodes.USAGE, again.run("logs", "abc"));
        assertTrue(again.err().contains("'abc' is not a task id"), again.err());
    }
}

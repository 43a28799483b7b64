package io.taskgrid.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20 item 3: `taskgrid logs -f` shows a program's lines while it runs, through the controller, on a real grid. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsFollowIT {
    private Grid grid;
    private final ExecutorService follower = Executors.newSingleThreadExecutor(r -> new Thread(r, "logs-follow-it"));

    @BeforeAll
    void startGrid(@TempDir Path folder) throws Exception {
        grid = Grid.start(folder, 2, 1);
    }

    @AfterAll
    void stopGrid() {
        follower.shutdownNow();
        grid.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void followingShowsEachLineWhileTheProgramRunsThenExitsAsSubmitWaitDoes() throws Exception {
        Path release = grid.root.resolve("release");
        // A line a second; then it waits for the test (at most a minute), writes to both streams and fails with 3.
        Path program = grid.sharedFile("progs/ticker.sh", String.join("\n",
                "for i in 1 2 3; do echo \"line $i\"; sleep 1; done",
                "n=0; while [ ! -e '" + release + "' ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n+1)); done",
                "echo 'last line'",
                "printf 'caf\\303\\251 \\377\\n' >&2",
                "exit 3", ""));
        long id = grid.json("submit", program.toString(), "--project", "logs").get("id").asLong();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Future<CliResult> following = follower.submit(() -> new Grid.Cli(grid.port(), grid.root).run(out, err, "logs", "-f", Long.toString(id)));

        await("logs -f printed the first line", () -> out.toString().contains("line 1\n") || following.isDone());
        assertFalse(following.isDone(), "logs -f ended before the task did: " + (following.isDone() ? following.get() : ""));
        assertEquals("running", grid.json("show", Long.toString(id)).get("state").asText().toLowerCase(),
                "the line arrived while the task runs");
        await("logs -f printed the third line", () -> out.toString().contains("line 3\n") || following.isDone());
        assertFalse(following.isDone());

        Files.createFile(release);
        CliResult result = following.get(60, TimeUnit.SECONDS);

        assertEquals(1, result.exitCode(), "a failed task: exit 1, as with submit --wait\n" + result);
        assertEquals("line 1\nline 2\nline 3\nlast line\n", result.out());
        assertTrue(result.err().startsWith("café \uFFFD\n"), "stderr as written, a byte that is not UTF-8 as U+FFFD: " + result);
        assertTrue(result.err().contains("Task " + id + " failed: Exited with code 3."), result.toString());
        assertFalse(result.out().contains("\u001b"), "no terminal control codes");

        CliResult now = grid.run("logs", Long.toString(id));
        assertEquals(0, now.exitCode(), now.toString());
        assertEquals("line 1\nline 2\nline 3\nlast line\n", now.out(), "without -f, what is there, then exit 0");
    }

    @Test
    void anUnknownTaskIsRefusedInWords() {
        CliResult result = grid.run("logs", "-f", "999999");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("There is no task 999999"), result.toString());
    }
}

package io.taskgrid.console;

import io.taskgrid.client.ControllerUnreachableException;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.taskgrid.console.FakeController.T0;
import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class WatchCommandTest {
    final FakeController controller = new FakeController("/srv/shared");
    final ConsoleRun console = new ConsoleRun(controller);

    @Test
    void watchingOneTaskFollowsItToTheEndAndExits1WhenItFails() {
        controller.tasks.put(5L, task(5, TaskState.QUEUED).build());
        controller.emit(task(6, TaskState.RUNNING).build()); // another task: ignored
        controller.emit(task(5, TaskState.RUNNING).agentId("agent-1").startedAt(T0).build());
        controller.emit(task(5, TaskState.FAILED).agentId("agent-1").startedAt(T0).endedAt(T0.plusSeconds(2))
                .exitCode(3).message("Exited with code 3.").build());

        assertEquals(1, console.run("watch", "5"));

        assertEquals(List.of("12:01:00 task 5 queued (default, hello.py (inline))", "12:01:00 task 5 running on agent-1",
                "12:01:00 task 5 failed on agent-1 in 2.0s: Exited with code 3.", "Its output: taskgrid show 5"),
                console.out().lines().toList());
        assertEquals("Task 5 failed: Exited with code 3.\n", console.err());
    }

    @Test
    void watchingOneTaskExits0WhenItSucceeds() {
        controller.tasks.put(5L, task(5, TaskState.RUNNING).agentId("agent-1").build());
        controller.emit(task(5, TaskState.SUCCEEDED).agentId("agent-1").exitCode(0).build());

        assertEquals(0, console.run("watch", "5"));
        assertEquals("", console.err());
    }

    @Test
    void aChangeThatSlipsBetweenCallsIsStillSeen() {
        // No event ever names the task: the empty long-poll makes the follower read it again.
        controller.tasks.put(5L, task(5, TaskState.RUNNING).build());
        AtomicInteger reads = new AtomicInteger();
        FakeController sneaky = new FakeController("/srv/shared") {
            @Override
            public io.taskgrid.api.task.TaskRecord task(long taskId) {
                return reads.incrementAndGet() == 1 ? task(5, TaskState.RUNNING).build() : task(5, TaskState.SUCCEEDED).build();
            }
        };
        ConsoleRun run = new ConsoleRun(sneaky);

        assertEquals(0, run.run("watch", "5"));
        assertEquals(2, reads.get());
    }

    @Test
    void withoutATerminalEachEventIsOnePlainLineUntilInterrupted() throws InterruptedException {
        controller.tasks.put(1L, task(1, TaskState.RUNNING).agentId("agent-1").startedAt(T0).build());
        controller.tasks.put(2L, task(2, TaskState.SUCCEEDED).build());
        controller.emit(task(3, TaskState.QUEUED).program("jobs/a.py").build());
        controller.emit(task(1, TaskState.RUNNING).agentId("agent-1").startedAt(T0).build()); // a usage update: no line
        controller.batches.add(new EventBatch(List.of(new AgentEvent(150, T0.plusSeconds(3), AgentEvent.Kind.UPDATED,
                new AgentInfo("agent-1", "node-a", 2, 1, 0.5, List.of(), 0, T0, T0, true))), 150, false)); // heartbeat: no line
        controller.emit(task(1, TaskState.SUCCEEDED).agentId("agent-1").startedAt(T0).endedAt(T0.plusSeconds(4)).build());
        controller.batches.add(new EventBatch(List.of(new AgentEvent(200, T0.plusSeconds(9), AgentEvent.Kind.JOINED,
                new AgentInfo("agent-3", "node-c", 2, 0, -1, List.of(), 0, T0, T0, true))), 200, false));

        int[] code = {-1};
        Thread watcher = new Thread(() -> code[0] = console.run("watch"), "test-watch");
        watcher.start();
        awaitOrFail(() -> console.out().contains("agent agent-3 joined"), "the agent event line");
        watcher.interrupt();
        watcher.join(Duration.ofSeconds(5).toMillis());
        assertFalse(watcher.isAlive(), "watch stops when interrupted");

        assertEquals(0, code[0]);
        assertEquals(List.of("Watching localhost:1099: 1 running or queued; Ctrl-C to stop.",
                "12:01:00 task 1 running on agent-1",
                "12:00:01 task 3 queued (default, jobs/a.py)",
                "12:00:03 task 1 succeeded on agent-1 in 4.0s",
                "12:00:09 agent agent-3 joined from node-c with 2 slots (none)"), console.out().lines().toList());
        assertFalse(console.out().contains("\u001b"));
        assertEquals(1, controller.closed.get());
    }

    @Test
    void inATerminalTheFullScreenViewCancelsAfterYesAndGivesTheTerminalBackOnQ() throws Exception {
        Keyboard keyboard = new Keyboard(60, 8);
        console.interactive = true;
        console.terminals = () -> keyboard.terminal;
        controller.tasks.put(1L, task(1, TaskState.RUNNING).program("first.sh").agentId("node1").startedAt(T0).build());
        controller.tasks.put(2L, task(2, TaskState.RUNNING).program("second.sh").agentId("node1").startedAt(T0).build());

        Thread watcher = new Thread(() -> console.run("watch"), "test-watch");
        watcher.start();
        awaitOrFail(() -> keyboard.shown().contains("2 running, 0 queued"), "the table");
        assertTrue(keyboard.written().startsWith("\u001b[?1049h"), "on the alternate screen, nothing scrolls");
        keyboard.type("jc");
        awaitOrFail(() -> keyboard.shown().contains("Cancel task 2 (second.sh, running)? y/n"), "the question");
        assertEquals(TaskState.RUNNING, controller.tasks.get(2L).state(), "nothing is cancelled before the answer");
        keyboard.type("y");
        awaitOrFail(() -> controller.tasks.get(2L).state() == TaskState.CANCELLED, "task 2 cancelled");
        awaitOrFail(() -> keyboard.shown().contains("Task 2 cancelled."), "the note saying so", () -> keyboard.shown() + "\nerr: " + console.err());
        keyboard.type("q");
        watcher.join(5000);
        assertFalse(watcher.isAlive());
        String shown = keyboard.written();
        assertTrue(shown.indexOf("\u001b[?1049l") < shown.indexOf("Stopped watching localhost:1099."),
                "the screen is given back, then a last line: " + shown + "\nerr: " + console.err());
        assertEquals(TaskState.RUNNING, controller.tasks.get(1L).state());
        assertEquals(1, controller.closed.get(), "the session is ended");
    }

    @Test
    void inATerminalCtrlCLeavesTheViewTheSameWayAndTheDetailShowsTheOutput() throws Exception {
        Keyboard keyboard = new Keyboard(80, 12);
        console.interactive = true;
        console.terminals = () -> keyboard.terminal;
        controller.tasks.put(4L, task(4, TaskState.RUNNING).program("talk.sh").agentId("node1").startedAt(T0).build());
        controller.writeOutput(4, "hello from the task\n", "a warning\n");

        Thread watcher = new Thread(() -> console.run("watch"), "test-watch");
        watcher.start();
        awaitOrFail(() -> keyboard.shown().contains("1 running"), "the table");
        keyboard.type("\r");
        awaitOrFail(() -> keyboard.shown().contains("hello from the task") && keyboard.shown().contains("a warning"), "the output", () -> keyboard.shown() + "\nerr: " + console.err());
        keyboard.type("\u0003");
        watcher.join(5000);
        assertFalse(watcher.isAlive(), "Ctrl-C ends the view");
        assertTrue(keyboard.written().contains("Stopped watching localhost:1099."));
    }

    /** A terminal over in-memory streams: what the view drew, and keys typed into it. */
    private static final class Keyboard {
        final java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
        final java.io.ByteArrayOutputStream screen = new java.io.ByteArrayOutputStream();
        final org.jline.terminal.Terminal terminal;
        final int columns;
        final int rows;

        Keyboard(int columns, int rows) throws java.io.IOException {
            this.columns = columns;
            this.rows = rows;
            // Not TerminalBuilder: given streams it still opens a real pty, whose pump delivers output late and
            // whose line discipline swallows Ctrl-C. An ExternalTerminal works on the streams themselves.
            terminal = new org.jline.terminal.impl.ExternalTerminal("test", "xterm-256color", new java.io.PipedInputStream(keys),
                    screen, java.nio.charset.StandardCharsets.UTF_8);
            terminal.setSize(new org.jline.terminal.Size(columns, rows));
        }

        void type(String text) throws java.io.IOException {
            keys.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            keys.flush();
        }

        /** Every byte the view wrote. */
        String written() {
            synchronized (screen) {
                return screen.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        /** What a VT100 screen of this size shows after those bytes (the view redraws only what changed). */
        String shown() {
            org.jline.builtins.ScreenTerminal vt = new org.jline.builtins.ScreenTerminal(columns, rows);
            vt.write(written());
            return vt.toString();
        }
    }

    private static void awaitOrFail(BooleanSupplier condition, String what, java.util.function.Supplier<String> shown)
            throws InterruptedException {
        try {
            awaitOrFail(condition, what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the screen showed:\n" + shown.get(), e);
        }
    }

    private static void awaitOrFail(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void followingATaskReconnectsByItselfWhenTheControllerRestarts() {
        controller.tasks.put(5L, task(5, TaskState.RUNNING).agentId("agent-1").startedAt(T0).build());
        // The controller goes away during the long-poll; the task ends meanwhile; the first reconnection is refused.
        controller.eventFailures.add(() -> {
            controller.tasks.put(5L, task(5, TaskState.SUCCEEDED).agentId("agent-1").startedAt(T0)
                    .endedAt(T0.plusSeconds(3)).exitCode(0).build());
            controller.refusedConnections.set(1);
            return new ControllerUnreachableException("The controller at localhost:1099 broke off the call.", null);
        });

        assertEquals(0, console.run("watch", "5"), console.err());

        assertEquals(2, controller.connections.get(), "one session at the start, one after the restart");
        assertTrue(console.err().contains("Lost the controller at localhost:1099"), console.err());
        assertTrue(console.err().contains("Reconnected to the controller at localhost:1099."), console.err());
        assertTrue(console.out().contains("task 5 succeeded on agent-1"), console.out());
    }
}

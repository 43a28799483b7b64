package io.taskgrid.console;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What Ctrl-C during `submit --wait` says: the task goes on, and how to follow its output or stop it. */
class WaitProgressTest {
    @Test
    void ctrlCSaysTheTaskGoesOnAndHowToFollowItsOutputOrStopIt() {
        StringWriter text = new StringWriter();
        WaitProgress progress = new WaitProgress(new PrintWriter(text));
        progress.interrupted(42);
        progress.interrupted(42); // once only
        assertEquals("\nStopped waiting; task 42 goes on.\n"
                + "Follow its output: taskgrid logs -f 42   Stop it: taskgrid cancel 42\n", text.toString());
    }
}

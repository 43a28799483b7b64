package io.taskgrid.controller;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20 item 3 / 21 item 3: a running task's output so far, read from its result folder, and never through a link. */
class RunningOutputTest {
    @TempDir
    Path shared;
    @TempDir
    Path elsewhere;

    private static TaskRecord running(long id) {
        return TaskRecord.builder().id(id).project("demo").program("x.sh").language(Language.SHELL).state(TaskState.RUNNING)
                .submittedAt(Instant.EPOCH).build();
    }

    @Test
    void aRunningTaskShowsWhatItWroteSoFarAndALongOutputItsTail() throws Exception {
        Path folder = Files.createDirectories(shared.resolve("results/demo/7"));
        Files.writeString(folder.resolve("stdout.txt"), "step 1\nstep 2\n");
        Files.writeString(folder.resolve("stderr.txt"), "warning\n");

        TaskRecord shown = new RunningOutput(shared).withOutputSoFar(running(7));
        assertEquals("step 1\nstep 2\n", shown.output());
        assertEquals("warning\n", shown.errorOutput());

        Files.writeString(folder.resolve("stdout.txt"), "line\n".repeat(10_000) + "last\n");
        String tail = new RunningOutput(shared).withOutputSoFar(running(7)).output();
        assertTrue(tail.startsWith("…\n") && tail.endsWith("last\n") && tail.length() <= RunningOutput.TAIL_BYTES + 2, tail.length() + "");
    }

    @Test
    void linksATaskPlantedAreNotFollowed() throws Exception {
        Path secret = Files.writeString(elsewhere.resolve("users"), "root:secret-hash\n");
        Path folder = Files.createDirectories(shared.resolve("results/demo/8"));
        Files.createSymbolicLink(folder.resolve("stdout.txt"), secret);
        TaskRecord shown = new RunningOutput(shared).withOutputSoFar(running(8));
        assertFalse(String.valueOf(shown.output()).contains("secret"), "a linked stdout.txt is not read: " + shown.output());

        Files.createDirectories(shared.resolve("results/demo"));
        Files.createSymbolicLink(shared.resolve("results/demo/9"), elsewhere);
        Files.writeString(elsewhere.resolve("stdout.txt"), "from elsewhere\n");
        assertNull(new RunningOutput(shared).withOutputSoFar(running(9)).output(), "a linked result folder is not read");
    }
}

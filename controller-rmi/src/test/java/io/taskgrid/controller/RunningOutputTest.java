package io.taskgrid.controller;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.OutputPiece;
import io.taskgrid.api.task.TaskOutput;
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

    @Test
    void readsAPieceFromAnOffsetBoundedWhatEverIsAsked() throws Exception {
        Path folder = Files.createDirectories(shared.resolve("results/demo/10"));
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 'x');
        Files.write(folder.resolve("stdout.txt"), big);
        Files.write(folder.resolve("stderr.txt"), new byte[]{'o', 'k', (byte) 0xff});
        RunningOutput output = new RunningOutput(shared);

        TaskOutput first = output.read(running(10), 0, 1, Integer.MAX_VALUE);
        assertEquals(TaskOutput.MAX_BYTES, first.stdout().length(), "never more than MAX_BYTES in one call");
        assertEquals(100_000, first.stdout().size());
        assertTrue(first.stdout().more());
        assertEquals("k\uFFFD", new String(first.stderr().bytes(), java.nio.charset.StandardCharsets.UTF_8), "bytes cross as they are");
        assertEquals(TaskState.RUNNING, first.state());

        TaskOutput last = output.read(running(10), 99_990, 3, 64);
        assertEquals(10, last.stdout().length());
        assertFalse(last.stdout().more());
        assertEquals(0, last.stderr().length());
        assertTrue(last.caughtUp());

        TaskOutput none = output.read(running(11), 0, 0, 64);
        assertFalse(none.stdout().exists(), "no result folder yet: no file");
        assertEquals(OutputPiece.NO_FILE, none.stderr().size());
    }

    @Test
    void aNamedPipeOrALinkInPlaceOfAnOutputFileIsNotOpened() throws Exception {
        Path folder = Files.createDirectories(shared.resolve("results/demo/12"));
        Process mkfifo = new ProcessBuilder("mkfifo", folder.resolve("stdout.txt").toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        Path secret = Files.writeString(elsewhere.resolve("users"), "root:secret-hash\n");
        Files.createSymbolicLink(folder.resolve("stderr.txt"), secret);

        TaskOutput read = new RunningOutput(shared).read(running(12), 0, 0, 1024); // would block on the pipe if it opened it
        assertFalse(read.stdout().exists());
        assertFalse(read.stderr().exists(), "a linked stderr.txt is not read");
        assertNull(new RunningOutput(shared).withOutputSoFar(running(12)).output(), "nor does show open the pipe");
    }
}

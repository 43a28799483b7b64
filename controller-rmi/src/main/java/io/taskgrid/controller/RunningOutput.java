package io.taskgrid.controller;

import io.taskgrid.api.task.ResultFolders;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The output a running task has written so far: the last {@link #TAIL_BYTES} of {@code stdout.txt} and
 * {@code stderr.txt} in its result folder on the shared folder, which the agent writes while the program runs.
 * The files are the task's to tamper with, so neither they nor the folders on the way may be links: a link would
 * let a task read the controller's own files through it.
 */
final class RunningOutput {
    static final int TAIL_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RunningOutput.class);
    private final Path sharedRoot;

    RunningOutput(Path sharedRoot) {
        this.sharedRoot = sharedRoot.toAbsolutePath().normalize();
    }

    /** {@code task} with its output so far, when it runs and has none yet; else {@code task} as it is. */
    TaskRecord withOutputSoFar(TaskRecord task) {
        if (task.state() != TaskState.RUNNING || task.output() != null) {
            return task;
        }
        Path folder = sharedRoot.resolve(ResultFolders.of(task.project(), task.id()));
        if (!realFolderUnderRoot(folder)) {
            return task;
        }
        String out = tail(folder.resolve("stdout.txt"));
        String err = tail(folder.resolve("stderr.txt"));
        return out == null && err == null ? task : task.toBuilder().output(out == null ? "" : out).errorOutput(err == null ? "" : err).build();
    }

    private boolean realFolderUnderRoot(Path folder) {
        try {
            return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                    && folder.toRealPath().startsWith(sharedRoot.toRealPath().resolve("results"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The last bytes of {@code file} as text (a broken character at the cut is dropped), or null when unreadable. */
    private static String tail(Path file) {
        try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size();
            long from = Math.max(0, size - TAIL_BYTES);
            in.position(from);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // read what is there now; the program may still be writing
            }
            buffer.flip();
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(buffer).toString();
            if (from > 0) {
                int firstLine = text.indexOf('\n');
                text = "…" + (firstLine >= 0 ? text.substring(firstLine) : text);
            }
            return text;
        } catch (IOException e) {
            LOG.debug("No output yet in {}: {}", file, e.getMessage());
            return null;
        }
    }
}

package io.taskgrid.controller;

import io.taskgrid.api.task.OutputPiece;
import io.taskgrid.api.task.ResultFolders;
import io.taskgrid.api.task.TaskOutput;
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
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The output a task has written so far, from {@code stdout.txt} and {@code stderr.txt} in its result folder on the
 * shared folder, which the agent writes while the program runs: their last {@link #TAIL_BYTES} for {@code show}, or
 * a bounded piece from an offset on for {@code logs}. The files are the task's to tamper with, so neither they nor the
 * folders on the way may be links (a link would let a task read the controller's own files through it), and only a
 * regular file is opened (a named pipe in its place would block the reading thread).
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

    /**
     * Up to {@code maxBytes} (at most {@link TaskOutput#MAX_BYTES}) of each of the task's files from the offsets on.
     * {@code task} is the task as it was before the read, so that a final state means the files are complete.
     *
     * @throws IllegalArgumentException for a negative offset or a {@code maxBytes} below 1
     */
    TaskOutput read(TaskRecord task, long stdoutOffset, long stderrOffset, int maxBytes) {
        if (stdoutOffset < 0 || stderrOffset < 0 || maxBytes < 1) {
            throw new IllegalArgumentException("offsets from 0 and at least 1 byte: " + stdoutOffset + ", " + stderrOffset + ", " + maxBytes);
        }
        int most = Math.min(maxBytes, TaskOutput.MAX_BYTES);
        Path folder = sharedRoot.resolve(ResultFolders.of(task.project(), task.id()));
        boolean readable = realFolderUnderRoot(folder);
        OutputPiece out = readable ? piece(folder.resolve("stdout.txt"), stdoutOffset, most) : OutputPiece.none(stdoutOffset, OutputPiece.NO_FILE);
        OutputPiece err = readable ? piece(folder.resolve("stderr.txt"), stderrOffset, most) : OutputPiece.none(stderrOffset, OutputPiece.NO_FILE);
        return new TaskOutput(task.id(), task.state(), task.attempt(), out, err);
    }

    /** Up to {@code most} bytes of {@code file} from {@code offset}: what is there now, however little. */
    private static OutputPiece piece(Path file, long offset, int most) {
        if (!regularFile(file)) {
            return OutputPiece.none(offset, OutputPiece.NO_FILE);
        }
        try (SeekableByteChannel in = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size();
            if (offset >= size) {
                return OutputPiece.none(offset, size);
            }
            in.position(offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(most, size - offset));
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // read what is there now; the program may still be writing
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return new OutputPiece(offset, bytes, Math.max(size, offset + bytes.length));
        } catch (IOException e) {
            LOG.debug("Cannot read {}: {}", file, e.getMessage());
            return OutputPiece.none(offset, OutputPiece.NO_FILE);
        }
    }

    private static boolean regularFile(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (IOException e) {
            return false;
        }
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
        if (!regularFile(file)) {
            return null;
        }
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

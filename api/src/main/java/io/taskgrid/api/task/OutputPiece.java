package io.taskgrid.api.task;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Bytes of one of a task's output files ({@code stdout.txt} or {@code stderr.txt}) from {@code offset} on, as the
 * program wrote them: not decoded, so that a client cuts nothing in the middle of a character and a file that is not
 * UTF-8 still crosses whole.
 *
 * @param offset where these bytes start in the file
 * @param bytes  at most {@link TaskOutput#MAX_BYTES} of them; empty when nothing is there past {@code offset} yet
 * @param size   how long the file was when it was read, or {@link #NO_FILE} when there is none (the task has not
 *               started, or its result folder is gone); a size below a reader's offset means the file began again
 *               (the task runs again, on a new attempt)
 */
public record OutputPiece(long offset, byte[] bytes, long size) implements Serializable {
    /** The size of a file that is not there. */
    public static final long NO_FILE = -1;

    public OutputPiece {
        if (offset < 0) {
            throw new IllegalArgumentException("An offset counts bytes from 0, not " + offset);
        }
        if (size < NO_FILE) {
            throw new IllegalArgumentException("A file's size is at least 0, or NO_FILE; not " + size);
        }
        bytes = bytes == null ? new byte[0] : bytes.clone();
        if (bytes.length > TaskOutput.MAX_BYTES) {
            throw new IllegalArgumentException("A piece of output holds at most " + TaskOutput.MAX_BYTES + " bytes, not " + bytes.length);
        }
    }

    /** Nothing read at {@code offset}, of a file of {@code size}. */
    public static OutputPiece none(long offset, long size) {
        return new OutputPiece(offset, new byte[0], size);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Where the next read starts. */
    public long next() {
        return offset + bytes.length;
    }

    public boolean exists() {
        return size != NO_FILE;
    }

    /** Whether the file holds more than was read (as it was when read). */
    public boolean more() {
        return size > next();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputPiece p && p.offset == offset && p.size == size && Arrays.equals(p.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Arrays.hashCode(bytes) * 17 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return "OutputPiece[offset=" + offset + ", " + bytes.length + " bytes, size=" + size + "]";
    }
}

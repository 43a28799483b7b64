package io.taskgrid.api.task;

import io.taskgrid.api.CompactForm;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The program of a task: either a path relative to the shared root, used in place by the agent, or the
 * program's bytes sent inline (a file on the client's machine that is not on the shared folder).
 *
 * @param sharedPath    path relative to the shared root, or {@code null} for an inline program
 * @param fileName      the program's file name (for an inline program: the name it gets in the work folder)
 * @param inlineContent the program's bytes for an inline program, else {@code null}
 */
public record ProgramSource(String sharedPath, String fileName, byte[] inlineContent) implements Serializable {

    public ProgramSource {
        Objects.requireNonNull(fileName, "fileName");
        if ((sharedPath == null) == (inlineContent == null)) {
            throw new IllegalArgumentException("A program is either a shared path or inline content, not both or neither.");
        }
        inlineContent = inlineContent == null ? null : inlineContent.clone();
    }

    /** Sent on its own in the compact form: its bytes as a plain array would pass the serial filter only up to 64 KB. */
    @Serial
    private Object writeReplace() {
        return CompactForm.of(this);
    }

    public static ProgramSource shared(String relativePath) {
        Objects.requireNonNull(relativePath, "relativePath");
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        return new ProgramSource(relativePath, name, null);
    }

    public static ProgramSource inline(String fileName, byte[] content) {
        return new ProgramSource(null, fileName, content);
    }

    public boolean isInline() {
        return inlineContent != null;
    }

    @Override
    public byte[] inlineContent() {
        return inlineContent == null ? null : inlineContent.clone();
    }

    /** What people see: the shared path, or {@code name (inline)}. */
    public String describe() {
        return isInline() ? fileName + " (inline)" : sharedPath;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProgramSource other
                && Objects.equals(sharedPath, other.sharedPath)
                && fileName.equals(other.fileName)
                && Arrays.equals(inlineContent, other.inlineContent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sharedPath, fileName) * 31 + Arrays.hashCode(inlineContent);
    }

    @Override
    public String toString() {
        return "ProgramSource[" + describe() + (isInline() ? ", " + inlineContent.length + " bytes" : "") + "]";
    }
}

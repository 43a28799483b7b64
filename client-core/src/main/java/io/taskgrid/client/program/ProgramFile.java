package io.taskgrid.client.program;

import java.nio.file.Path;
import java.util.Objects;

/** Where a program given by a person lies: on the grid's shared folder, or only on this machine (sent inline). */
public sealed interface ProgramFile {

    /** A file on the shared folder, run in place: {@code path} is relative to the shared root, with '/'. */
    record Shared(String path) implements ProgramFile {
        public Shared {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A readable file on this machine, off the shared folder, at most {@link ProgramResolver#MAX_INLINE_BYTES}. */
    record Local(Path realPath, String given) implements ProgramFile {
        public Local {
            Objects.requireNonNull(realPath, "realPath");
            Objects.requireNonNull(given, "given");
        }
    }
}

package io.taskgrid.controller.submission;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A file or folder of the shared folder as validation found it: resolved inside the shared root and stat'ed once,
 * so that the duplicate check of the same submission takes its fingerprint from the same look instead of resolving
 * and stat'ing the path again (a realpath and two stats per submission).
 *
 * @param path       the resolved path
 * @param attributes what the stat returned (links followed)
 */
public record SharedFile(Path path, BasicFileAttributes attributes) {
    public SharedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(attributes, "attributes");
    }
}

package io.taskgrid.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared folder every agent and the controller see. Paths that come from clients are relative to it
 * and are resolved only through this class, so that none can escape it: absolute paths, {@code ..} and
 * symbolic links pointing outside are refused.
 */
public final class SharedRoot {
    private final Path root;

    /**
     * @param root an existing folder; it is resolved to its real path once
     * @throws IllegalArgumentException when it does not exist or is not a folder
     */
    public SharedRoot(Path root) {
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("The shared folder " + root + " is not a folder.");
            }
            this.root = real;
        } catch (IOException e) {
            throw new IllegalArgumentException("The shared folder " + root + " does not exist or cannot be read; "
                    + "create it or give another with --shared.", e);
        }
    }

    /** The real, absolute path of the shared folder. */
    public Path root() {
        return root;
    }

    /**
     * Resolves a client's relative path inside the shared root. The target need not exist; when it (or a
     * parent) does, its real path must stay inside the root.
     *
     * @param what what the path is for, used in messages ("program", "data")
     */
    public Path resolve(String relative, String what) throws PathOutsideSharedRootException {
        if (relative == null || relative.isBlank()) {
            throw new PathOutsideSharedRootException("The " + what + " path is empty; give a path relative to the shared folder " + root + ".");
        }
        if (relative.indexOf('\0') >= 0) {
            throw new PathOutsideSharedRootException("The " + what + " path contains a NUL character.");
        }
        Path given;
        try {
            given = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new PathOutsideSharedRootException("The " + what + " path '" + relative + "' is not a valid path: " + e.getReason() + ".");
        }
        if (given.isAbsolute()) {
            Optional<String> inside = relativize(given);
            if (inside.isEmpty()) {
                throw new PathOutsideSharedRootException("The " + what + " path '" + relative + "' is outside the shared folder "
                        + root + "; copy it there and give its path relative to that folder.");
            }
            given = Path.of(inside.get());
        }
        Path normalized = given.normalize();
        if (normalized.startsWith("..") || normalized.toString().isEmpty()) {
            throw new PathOutsideSharedRootException("The " + what + " path '" + relative + "' leaves the shared folder " + root
                    + "; give a path inside it, without '..'.");
        }
        Path resolved = root.resolve(normalized);
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            try {
                Path real = existing.toRealPath();
                if (!real.startsWith(root)) {
                    throw new PathOutsideSharedRootException("The " + what + " path '" + relative + "' goes through a symbolic link to "
                            + real + ", outside the shared folder " + root + "; copy the file into the shared folder instead.");
                }
            } catch (IOException e) {
                // A dangling link: refuse, it cannot be checked.
                throw new PathOutsideSharedRootException("The " + what + " path '" + relative + "' cannot be resolved ("
                        + e.getMessage() + "); check that it exists in the shared folder " + root + ".");
            }
        }
        return resolved;
    }

    /**
     * The path relative to the root, with '/' separators, when {@code absolute} lies inside it (after
     * following links), else empty.
     */
    public Optional<String> relativize(Path absolute) {
        Path candidate = absolute.toAbsolutePath().normalize();
        try {
            if (Files.exists(candidate)) {
                candidate = candidate.toRealPath();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!candidate.startsWith(root) || candidate.equals(root)) {
            return Optional.empty();
        }
        return Optional.of(root.relativize(candidate).toString().replace('\\', '/'));
    }
}

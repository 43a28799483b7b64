package io.taskgrid.console;

import io.taskgrid.api.task.ProgramSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides how a program and a data path given on the command line reach the controller: in place on the
 * shared folder when the file lies under it (and that folder is visible here), inline otherwise.
 */
final class ProgramResolver {
    static final long MAX_INLINE_BYTES = 10L * 1024 * 1024;

    private final Path workingDirectory;
    private final String sharedRootText;
    /** The shared root's real path when the folder exists on this machine, else {@code null}. */
    private final Path localSharedRoot;

    ProgramResolver(Path workingDirectory, String sharedRoot) {
        this.workingDirectory = workingDirectory;
        this.sharedRootText = sharedRoot == null ? "" : sharedRoot;
        this.localSharedRoot = realFolder(sharedRootText);
    }

    ProgramSource program(String given) {
        Path path = local(given, "program");
        if (Files.isDirectory(path)) {
            throw new InputRefusedException(given + " is a folder; give a program file.");
        }
        if (Files.isRegularFile(path)) {
            Path real = real(path);
            if (localSharedRoot != null && real.startsWith(localSharedRoot)) {
                return ProgramSource.shared(slashes(localSharedRoot.relativize(real)));
            }
            return ProgramSource.inline(real.getFileName().toString(), read(given, real));
        }
        if (!Path.of(given).isAbsolute()) {
            return ProgramSource.shared(slashes(Path.of(given).normalize()));
        }
        String underRoot = lexicallyUnderRoot(Path.of(given));
        if (underRoot != null) {
            return ProgramSource.shared(underRoot);
        }
        throw new InputRefusedException("No program file " + given + " here; give a file on this machine or a path under"
                + " the shared folder " + sharedRootText + ".");
    }

    /** The data path relative to the shared root, or {@code null} when none was given. */
    String dataPath(String given) {
        if (given == null) {
            return null;
        }
        Path path = local(given, "data");
        if (Files.exists(path)) {
            Path real = real(path);
            if (localSharedRoot != null && real.startsWith(localSharedRoot)) {
                return slashes(localSharedRoot.relativize(real));
            }
            throw new InputRefusedException("Data must be on the shared folder " + sharedRootText + "; copy it there.");
        }
        String underRoot = Path.of(given).isAbsolute() ? lexicallyUnderRoot(Path.of(given)) : null;
        return underRoot != null ? underRoot : given;
    }

    private Path local(String given, String what) {
        try {
            return workingDirectory.resolve(given);
        } catch (InvalidPathException e) {
            throw new InputRefusedException("'" + given + "' is not a valid " + what + " path (" + e.getReason() + ").");
        }
    }

    private String lexicallyUnderRoot(Path absolute) {
        if (sharedRootText.isEmpty()) {
            return null;
        }
        Path root = Path.of(sharedRootText).normalize();
        Path normal = absolute.normalize();
        if (normal.startsWith(root) && !normal.equals(root)) {
            return slashes(root.relativize(normal));
        }
        return null;
    }

    private static byte[] read(String given, Path real) {
        try {
            long size = Files.size(real);
            if (size > MAX_INLINE_BYTES) {
                throw new InputRefusedException(String.format(Locale.ROOT, "%s is %.1f MB; a program sent from this machine may"
                        + " be at most 10 MB. Put it on the shared folder and submit it from there.", given, size / 1024.0 / 1024.0));
            }
            return Files.readAllBytes(real);
        } catch (IOException e) {
            throw new InputRefusedException("Cannot read the program " + given + " (" + e.getMessage() + "); check that you may read it.");
        }
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve " + path, e);
        }
    }

    private static Path realFolder(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            Path p = Path.of(text);
            return Files.isDirectory(p) ? p.toRealPath() : null;
        } catch (IOException | InvalidPathException e) {
            return null;
        }
    }

    private static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}

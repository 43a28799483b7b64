package io.taskgrid.client.program;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.client.InputRefusedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides how a program and a data path given by a person reach the controller, the same in both clients. A file on
 * this machine is looked at on disk (links resolved): under the shared folder (when that folder is visible here) it
 * runs in place, elsewhere it is sent inline (at most 10 MB); data must lie on the shared folder. A path that is not
 * on this machine is read as a path on the shared folder, and refused when it would leave it.
 */
public final class ProgramResolver {
    /** The largest program sent inline from this machine. */
    public static final long MAX_INLINE_BYTES = 10L * 1024 * 1024;

    private final Path workingDirectory;
    private final String sharedRootText;
    /** The shared root's real path when the folder exists on this machine, else {@code null}. */
    private final Path localSharedRoot;

    /**
     * @param workingDirectory where relative paths given by the person start
     * @param sharedRoot       the controller's shared folder ({@code ControllerInfo.sharedRoot()}), or {@code null}
     */
    public ProgramResolver(Path workingDirectory, String sharedRoot) {
        this.workingDirectory = workingDirectory;
        this.sharedRootText = sharedRoot == null ? "" : sharedRoot;
        this.localSharedRoot = realFolder(sharedRootText);
    }

    /** The shared folder when it can be browsed from this machine. */
    public Optional<Path> localSharedRoot() {
        return Optional.ofNullable(localSharedRoot);
    }

    /** Where the program {@code given} lies; checks it without reading it. */
    public ProgramFile locate(String given) {
        Path path = local(given, "program");
        if (Files.isDirectory(path)) {
            throw new InputRefusedException(given + " is a folder; give a program file.");
        }
        if (Files.isRegularFile(path)) {
            Path real = real(path, given);
            if (localSharedRoot != null && real.startsWith(localSharedRoot)) {
                return new ProgramFile.Shared(slashes(localSharedRoot.relativize(real)));
            }
            long size = size(real, given);
            if (size > MAX_INLINE_BYTES) {
                throw new InputRefusedException(String.format(Locale.ROOT, "%s is %.1f MB; a program sent from this machine may"
                        + " be at most 10 MB. Put it on the shared folder and submit it from there.", given, size / 1024.0 / 1024.0));
            }
            return new ProgramFile.Local(real, given);
        }
        if (!Path.of(given).isAbsolute()) {
            return new ProgramFile.Shared(slashes(Path.of(given).normalize()));
        }
        String underRoot = lexicallyUnderRoot(Path.of(given));
        if (underRoot != null) {
            return new ProgramFile.Shared(underRoot);
        }
        throw new InputRefusedException("No program file " + given + " here; give a file on this machine or a path under "
                + folder() + ".");
    }

    /** The program as it is sent: a shared path, or the local file's content (read now: not on a UI thread). */
    public ProgramSource source(ProgramFile file) {
        if (file instanceof ProgramFile.Shared shared) {
            return ProgramSource.shared(shared.path());
        }
        ProgramFile.Local local = (ProgramFile.Local) file;
        return ProgramSource.inline(local.realPath().getFileName().toString(), read(local));
    }

    /** {@link #locate} and {@link #source} in one. */
    public ProgramSource program(String given) {
        return source(locate(given));
    }

    /** The data path relative to the shared root, or {@code null} when none was given. */
    public String dataPath(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        Path path = local(given, "data");
        if (Files.exists(path)) {
            Path real = real(path, given);
            if (localSharedRoot != null && real.startsWith(localSharedRoot) && !real.equals(localSharedRoot)) {
                return slashes(localSharedRoot.relativize(real));
            }
            throw new InputRefusedException("Data must be on " + folder() + "; copy it there.");
        }
        Path asGiven = Path.of(given);
        if (asGiven.isAbsolute()) {
            String underRoot = lexicallyUnderRoot(asGiven);
            if (underRoot == null) {
                throw new InputRefusedException("The data path must lie inside " + folder() + "; give it relative to that"
                        + " folder, like inputs/data.csv.");
            }
            return underRoot;
        }
        Path normal = asGiven.normalize();
        if (normal.startsWith("..") || normal.toString().isEmpty()) {
            throw new InputRefusedException("The data path must not leave " + folder() + " ('..'); give it relative to"
                    + " that folder.");
        }
        return slashes(normal);
    }

    /** "the shared folder /srv/shared", or just "the shared folder" while it is not known. */
    private String folder() {
        return sharedRootText.isEmpty() ? "the shared folder" : "the shared folder " + sharedRootText;
    }

    private Path local(String given, String what) {
        return localPath(workingDirectory, given, what);
    }

    /**
     * {@code given} resolved against {@code workingDirectory}, refused with a sentence when it is no valid path or
     * names a file whose name this session cannot decode (not valid UTF-8, or a non-UTF-8 locale).
     *
     * @param what what the path is, as the sentence names it: "program", "data", "--each"
     */
    public static Path localPath(Path workingDirectory, String given, String what) {
        Path path;
        try {
            path = workingDirectory.resolve(given);
        } catch (InvalidPathException e) {
            if (e.getReason() != null && e.getReason().contains("unmappable")) {
                throw undecodableName(given, what);
            }
            throw new InputRefusedException("'" + given + "' is not a valid " + what + " path (" + e.getReason() + ").");
        }
        // A name whose bytes are not valid in the file-name encoding reaches Java with U+FFFD in their place: the
        // file cannot be found by that name. (A file really named with U+FFFD exists, and is taken.)
        if (path.toString().indexOf(REPLACEMENT) >= 0 && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw undecodableName(given.indexOf(REPLACEMENT) >= 0 ? given : workingDirectory.toString(),
                    given.indexOf(REPLACEMENT) >= 0 ? what : "current folder");
        }
        return path;
    }

    /** U+FFFD, what the JVM puts for bytes of a name or an argument it cannot decode. */
    private static final char REPLACEMENT = '\uFFFD';

    /** "The program name 'caf?.py' is not valid UTF-8 …": what went wrong and the two ways out. */
    private static InputRefusedException undecodableName(String name, String what) {
        String encoding = System.getProperty("sun.jnu.encoding", java.nio.charset.Charset.defaultCharset().name());
        String shown = name.replace(REPLACEMENT, '?');
        String subject = "current folder".equals(what) ? "The name of the current folder '" + shown + "'"
                : "The " + what + " file name '" + shown + "'";
        boolean utf8 = encoding.replace("-", "").equalsIgnoreCase("UTF8");
        String why = utf8
                ? "has bytes that are not valid UTF-8 (the '?'), so it cannot be opened by that name"
                : "has characters that the file-name encoding of this session (" + encoding + ", from LANG/LC_ALL) cannot"
                        + " represent (the '?')";
        String fix = utf8
                ? "Rename it to a UTF-8 name (for a Latin-1 name: convmv -f latin1 -t utf8 --notest FILE, or mv it by hand),"
                        + " then submit it again."
                : "Run the command under a UTF-8 locale (export LC_ALL=C.UTF-8), or rename the file to a plain ASCII name.";
        return new InputRefusedException(subject + " " + why + ". " + fix);
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

    private static byte[] read(ProgramFile.Local file) {
        try {
            return Files.readAllBytes(file.realPath());
        } catch (IOException e) {
            throw unreadable(file.given(), e);
        }
    }

    private static long size(Path real, String given) {
        try {
            return Files.size(real);
        } catch (IOException e) {
            throw unreadable(given, e);
        }
    }

    private static Path real(Path path, String given) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw unreadable(given, e);
        }
    }

    private static InputRefusedException unreadable(String given, IOException e) {
        return new InputRefusedException("Cannot read " + given + " (" + e.getMessage() + "); check that you may read it.");
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

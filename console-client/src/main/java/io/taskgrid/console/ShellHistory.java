package io.taskgrid.console;

import org.jline.reader.impl.history.DefaultHistory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shell's lines across sessions, in {@code $XDG_STATE_HOME/taskgrid/shell_history} (by default
 * {@code ~/.local/state/taskgrid/shell_history}), readable by its owner only. No command of the shell takes a password
 * as an argument, but a line may still carry one (a server command refused here, {@code --env API_TOKEN=…}): a line
 * that names a password, secret, token or key is not kept, nor is one that starts with a space.
 */
final class ShellHistory extends DefaultHistory {
    /** Lines kept in memory and in the file. */
    static final int LINES_KEPT = 1000;
    /** Lines the file may grow to before it is cut back to {@link #LINES_KEPT}. */
    static final int FILE_LINES = 2000;

    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(passw(or)?d|passphrase|secret|token|credential|api[_-]?key|private[_-]?key).*");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    /** The history file's place under {@code XDG_STATE_HOME}, else under {@code home}/.local/state. */
    static Path location(Map<String, String> variables, Path home) {
        String state = variables.get("XDG_STATE_HOME");
        Path base = state == null || state.isBlank() || !Path.of(state).isAbsolute() ? home.resolve(".local/state") : Path.of(state);
        return base.resolve("taskgrid").resolve("shell_history");
    }

    /**
     * Makes the file's folder (0700 where it is new) and the file (0600, also where it was wider before), so that
     * the line editor only ever appends to a file nobody else reads.
     */
    static Path prepare(Path file) throws IOException {
        Path folder = file.getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
        return file;
    }

    /** Whether {@code line} may be written down: it names no password, secret, token or key. */
    static boolean keepable(String line) {
        return !SECRET.matcher(line).matches();
    }

    @Override
    public void add(Instant time, String line) {
        if (keepable(line)) {
            super.add(time, line);
        }
    }
}

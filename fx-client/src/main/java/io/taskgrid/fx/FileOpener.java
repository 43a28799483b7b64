package io.taskgrid.fx;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Opens a file or folder in the desktop's own application (the file manager, a browser). {@code java.awt.Desktop} is
 * unreliable next to JavaFX, so the desktop's opener command is started: {@code xdg-open} on Linux, {@code open} on
 * macOS, {@code explorer} on Windows. Tests pass one that records what it was asked.
 */
interface FileOpener {
    /** Opens {@code path}; returns a sentence when it could not be started, else null. Does not wait for the program. */
    String open(Path path);

    /** The desktop's opener, started as a process of its own. */
    static FileOpener system() {
        return path -> {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            List<String> command = os.contains("mac") ? List.of("open", path.toString())
                    : os.contains("win") ? List.of("explorer", path.toString()) : List.of("xdg-open", path.toString());
            try {
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return null;
            } catch (IOException e) {
                LoggerFactory.getLogger(FileOpener.class).debug("Cannot start {}: {}", command, e.toString());
                return "Cannot open " + path + ": " + command.get(0) + " could not be started (" + e.getMessage() + ").";
            }
        };
    }
}

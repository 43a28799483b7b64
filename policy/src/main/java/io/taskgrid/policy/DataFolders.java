package io.taskgrid.policy;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where TaskGrid keeps its files when the user does not say: the XDG data folder of the user. Servers keep their
 * data there; the owner's token of a {@code taskgrid local} lies there too, where that user's clients find it.
 */
public final class DataFolders {
    private DataFolders() {
    }

    public static Path defaultDataDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".local", "share");
        return base.resolve("taskgrid");
    }
}

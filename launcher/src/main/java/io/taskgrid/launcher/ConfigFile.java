package io.taskgrid.launcher;

import io.taskgrid.api.Durations;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A server's configuration file: one {@code key = value} a line, {@code #} starts a comment line, keys are the
 * long option names without their dashes ({@code smtp-host = mail.example.org}). Every mistake is reported
 * with the file, the line and what to write instead; options on the command line override the file.
 */
final class ConfigFile {
    private final Path file;
    private final Map<String, Entry> entries;

    private record Entry(String value, int line) {
    }

    private ConfigFile(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** No file: every value comes from the options or the defaults. */
    static ConfigFile none() {
        return new ConfigFile(null, Map.of());
    }

    /**
     * Reads and checks the file.
     *
     * @param allowed the keys this command understands
     * @throws IllegalArgumentException with a sentence naming the file, the line and the fix
     */
    static ConfigFile read(Path file, Set<String> allowed) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("The configuration file " + file.toAbsolutePath() + " does not exist; check the path given to --config.");
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException("The configuration file " + file.toAbsolutePath() + " is not UTF-8 text; save it as UTF-8.");
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the configuration file " + file.toAbsolutePath() + " (" + e.getMessage()
                    + "); check its permissions.");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(where(file, number) + "'" + line + "' is not a setting; write key = value, e.g. smtp-host = mail.example.org.");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where(file, number) + "unknown setting '" + key + "'; the settings are: "
                        + String.join(", ", new TreeSet<>(allowed)) + ".");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException(where(file, number) + "'" + key + "' has no value; give one or remove the line.");
            }
            Entry earlier = entries.put(key, new Entry(value, number));
            if (earlier != null) {
                throw new IllegalArgumentException(where(file, number) + "'" + key + "' is set again (first on line " + earlier.line
                        + "); keep one of them.");
            }
        }
        return new ConfigFile(file, entries);
    }

    String string(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value;
    }

    Integer integer(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        try {
            return Integer.valueOf(e.value);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(where(file, e.line) + key + " must be a whole number, not '" + e.value + "'.");
        }
    }

    Duration duration(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        try {
            return Durations.parse(e.value);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where(file, e.line) + key + ": " + ex.getMessage());
        }
    }

    /** The value read by {@code parse}; its refusal (an IllegalArgumentException) is named with the file, line and key. */
    <T> T parsed(String key, java.util.function.Function<String, T> parse) {
        return checked(key, v -> {
            try {
                return parse.apply(v);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(key + " " + ex.getMessage(), ex);
            }
        });
    }

    /** true / false (also yes / no, on / off). */
    Boolean flag(String key) {
        return parsed(key, v -> switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false, not '" + v + "'.");
        });
    }

    Path path(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        Path p = Path.of(e.value);
        // a relative path is taken from the file's folder, so the file means the same from anywhere
        return p.isAbsolute() || file == null ? p : file.toAbsolutePath().getParent().resolve(p).normalize();
    }

    /** Runs a check of a value read from the file, turning its complaint into one that names the file and line. */
    <T> T checked(String key, java.util.function.Function<String, T> parse) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        try {
            return parse.apply(e.value);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where(file, e.line) + ex.getMessage());
        }
    }

    private static String where(Path file, int line) {
        return file.toAbsolutePath() + ":" + line + ": ";
    }
}

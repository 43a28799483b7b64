package io.taskgrid.launcher;

import io.taskgrid.api.Durations;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Checks of server options that picocli's types cannot express; each failure is a usage error (exit 2). */
final class ServerOptions {
    private final CommandSpec spec;

    ServerOptions(CommandSpec spec) {
        this.spec = spec;
    }

    /** The --config file, checked against the keys the command knows; none when {@code file} is null. */
    ConfigFile config(Path file, java.util.Set<String> keys) {
        if (file == null) {
            return ConfigFile.none();
        }
        try {
            return ConfigFile.read(file, keys);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Reads a value (from the configuration file); its complaint becomes a usage error. */
    <T> T fromFile(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    void requirePositive(int value, String option) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + " must be at least 1, not " + value + ".");
        }
    }

    void requirePort(int value, String option) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be a port from 1 to 65535 (or 0 for any free port), not " + value + ".");
        }
    }

    Duration duration(String text, String option) {
        try {
            Duration d = Durations.parse(text);
            if (d.isZero()) {
                throw new ParameterException(spec.commandLine(), option + " must be longer than zero.");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    Path createFolder(Path folder, String option) {
        try {
            Files.createDirectories(folder);
            if (!Files.isWritable(folder)) {
                throw new ParameterException(spec.commandLine(), "The folder " + folder.toAbsolutePath() + " (" + option
                        + ") is not writable; give another one or fix its permissions.");
            }
            return folder;
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot create the folder " + folder.toAbsolutePath() + " (" + option
                    + "): " + e.getMessage() + ".");
        }
    }
}

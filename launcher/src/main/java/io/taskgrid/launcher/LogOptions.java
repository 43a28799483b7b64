package io.taskgrid.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code --log-level} of the server commands (a picocli mixin): how much TaskGrid's own loggers say. */
final class LogOptions {
    static final Set<String> KEYS = Set.of("log-level");
    private static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");
    /** The loggers the level applies to; libraries stay at what logback.xml gives them. */
    static final String LOGGERS = "io.taskgrid";

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "How much the log says: error, warn, info, debug"
            + " or trace (default: info; also log-level in the --config file). The log goes to stderr (journald under"
            + " systemd) unless a logback.xml says otherwise.")
    String level;

    /**
     * Sets the level from the option, else from the file; leaves it as it is when neither gives one.
     *
     * @throws ParameterException naming the levels when the value is none of them
     */
    void apply(ConfigFile file, ServerOptions options, CommandSpec spec) {
        String chosen = level != null ? checkedOption(level, spec)
                : options.fromFile(() -> file.parsed("log-level", LogOptions::checked));
        if (chosen != null) {
            ((Logger) LoggerFactory.getLogger(LOGGERS)).setLevel(Level.toLevel(chosen.toUpperCase(Locale.ROOT)));
        }
    }

    private static String checkedOption(String value, CommandSpec spec) {
        try {
            return checked(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--log-level " + e.getMessage());
        }
    }

    private static String checked(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(v)) {
            throw new IllegalArgumentException("must be error, warn, info, debug or trace, not '" + value + "'.");
        }
        return v;
    }
}

package io.taskgrid.launcher;

import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.rules.RuleFileException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Opens the rule files of a server. A default file that does not exist yet is written from the shipped
 * loopback-only rules (so that people can edit it); a malformed file stops the start with file, line and problem.
 */
final class RuleFiles {
    static final String SHIPPED = "/io/taskgrid/policy/loopback-only.rules";
    /** How often a rule file is checked for changes. */
    static final Duration RECHECK = Duration.ofSeconds(2);

    private RuleFiles() {
    }

    /**
     * @param file        the rule file
     * @param writeIfMissing whether to create it from the shipped default (a default path, not one the user gave)
     * @param extraAllows addresses to allow in a newly written file besides loopback (e.g. the agent's controller)
     * @param option      the option that names the file, for messages
     */
    static RuleFile open(Path file, boolean writeIfMissing, List<String> extraAllows, String option, CommandSpec spec) {
        if (writeIfMissing && !Files.exists(file)) {
            try (InputStream in = RuleFiles.class.getResourceAsStream(SHIPPED)) {
                if (in == null) {
                    throw new IllegalStateException("The shipped rules " + SHIPPED + " are missing from the build.");
                }
                StringBuilder text = new StringBuilder(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                for (String allow : extraAllows) {
                    text.append("allow ").append(allow).append('\n');
                }
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "Cannot write the rule file " + file + " (" + e.getMessage()
                        + "); give another with " + option + " or fix the folder's permissions.");
            }
        }
        try {
            return new RuleFile(file, Clock.systemUTC(), RECHECK);
        } catch (RuleFileException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (" + option + ")");
        }
    }
}

package io.taskgrid.policy.rules;

import java.nio.file.Path;

/** A rule file that cannot be used: missing, unreadable, or with a malformed line (named with its number). */
public class RuleFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuleFileException(String message) {
        super(message);
    }

    static RuleFileException atLine(Path file, int line, String text, String problem) {
        return new RuleFileException("Rule file " + file + ", line " + line + " ('" + text.strip() + "'): " + problem
                + ". A rule reads 'allow 192.0.2.0/24', 'deny 2001:db8::66/128' or 'allow all'.");
    }
}

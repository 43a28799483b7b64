package io.taskgrid.controller.submission;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The submitter's environment variables for a task ({@code submit --env NAME=VALUE}): names a shell can use, values a
 * program can receive, a bounded count and size. Names starting with {@code TASKGRID_} are refused: the agent sets
 * those itself (the task's id, the shared folder, its data). Any other name is allowed, PATH, HOME and LANG included:
 * they only change what the submitter's own program sees.
 */
final class EnvironmentCheck {
    static final int MAX_VARIABLES = 100;
    static final int MAX_CHARS = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final String OWN_PREFIX = "TASKGRID_";

    private EnvironmentCheck() {
    }

    /** Why {@code variables} cannot be passed to a program, as a sentence naming the fix; empty when they can. */
    static Optional<String> problem(Map<String, String> variables) {
        if (variables.size() > MAX_VARIABLES) {
            return Optional.of("There are " + variables.size() + " environment variables, more than the " + MAX_VARIABLES
                    + " allowed; pass the rest in a data file.");
        }
        long chars = 0;
        for (Map.Entry<String, String> e : variables.entrySet()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                return Optional.of("The variable name '" + name + "' is not allowed; use a letter or '_' followed by"
                        + " letters, digits or '_' (at most 128).");
            }
            if (name.startsWith(OWN_PREFIX)) {
                return Optional.of("The variable " + name + " is TaskGrid's own (the agent sets the TASKGRID_ variables"
                        + " itself); choose a name that does not start with TASKGRID_.");
            }
            if (e.getValue().indexOf('\0') >= 0) {
                return Optional.of("The value of variable " + name + " contains a NUL character, which a program cannot"
                        + " receive; remove it.");
            }
            chars += name.length() + 1 + e.getValue().length();
        }
        if (chars > MAX_CHARS) {
            return Optional.of("The environment variables hold " + chars + " characters, more than the 64 KB allowed;"
                    + " pass large values in a data file.");
        }
        return Optional.empty();
    }
}

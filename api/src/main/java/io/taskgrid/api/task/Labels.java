package io.taskgrid.api.task;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a label is: a word an administrator gives an agent ({@code taskgrid agent --label gpu}) and a task may require
 * ({@code submit --require gpu}). Lowercase letters, digits, '-', '_' and '.', 1 to 40 of them, so that a label reads
 * the same everywhere it is shown and never needs quoting in a shell; at most {@value #MAX_PER_AGENT} per agent.
 */
public final class Labels {
    public static final int MAX_LENGTH = 40;
    public static final int MAX_PER_AGENT = 32;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9._-]{1," + MAX_LENGTH + "}");

    private Labels() {
    }

    /** Why {@code label} is not a label, as a sentence naming the fix; empty when it is one. */
    public static Optional<String> problem(String label) {
        if (label == null || label.isEmpty()) {
            return Optional.of("A label is empty; give a word such as gpu or big-mem.");
        }
        if (LABEL.matcher(label).matches()) {
            return Optional.empty();
        }
        if (label.length() > MAX_LENGTH) {
            return Optional.of("The label '" + shorten(label) + "' has " + label.length() + " characters; use at most "
                    + MAX_LENGTH + ".");
        }
        String lower = label.toLowerCase(java.util.Locale.ROOT);
        if (!lower.equals(label) && LABEL.matcher(lower).matches()) {
            return Optional.of("The label '" + label + "' has capital letters; write it in lowercase: " + lower + ".");
        }
        return Optional.of("The label '" + shorten(label) + "' is not allowed; use lowercase letters, digits, '-', '_' or '.'"
                + " (1 to " + MAX_LENGTH + ", like gpu or big-mem).");
    }

    /**
     * An agent's labels, checked, without duplicates and sorted.
     *
     * @throws IllegalArgumentException with a sentence naming the fix, for a bad label or too many
     */
    public static List<String> ofAgent(Collection<String> labels) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String label : labels) {
            Optional<String> problem = problem(label);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            sorted.add(label);
        }
        if (sorted.size() > MAX_PER_AGENT) {
            throw new IllegalArgumentException("An agent has " + sorted.size() + " labels, more than the " + MAX_PER_AGENT
                    + " allowed; keep the ones tasks ask for.");
        }
        return List.copyOf(sorted);
    }

    private static String shorten(String label) {
        return label.length() <= MAX_LENGTH + 10 ? label : label.substring(0, MAX_LENGTH) + "…";
    }
}

package io.taskgrid.console;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Arguments after a program go to the program, options included ({@code submit prog.py -x 3}); but a word that is
 * one or two letters away from one of our own long options ({@code --wiat}, {@code --projcet}) is far more likely a
 * typo than an argument, and passing it on silently ran the task without the option the user meant.
 */
final class MisspeltOptions {
    private static final int MAX_DISTANCE = 2;

    private MisspeltOptions() {
    }

    /**
     * The first of {@code arguments} (only those before an explicit {@code --} in {@code original}) that looks like a
     * misspelling of one of {@code options}, with the option it resembles.
     */
    static Optional<Typo> find(List<String> arguments, List<String> original, Collection<String> options) {
        int separator = original.indexOf("--");
        List<String> beforeSeparator = separator < 0 ? original : original.subList(0, separator);
        for (String argument : arguments) {
            if (!argument.startsWith("--") || argument.length() < 4 || !beforeSeparator.contains(argument)) {
                continue;
            }
            String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            for (String option : options) {
                if (option.startsWith("--") && !option.equals(name) && distance(name, option) <= MAX_DISTANCE) {
                    return Optional.of(new Typo(argument, option));
                }
            }
        }
        return Optional.empty();
    }

    /** An argument and the option it was probably meant to be. */
    record Typo(String argument, String option) {
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

package io.taskgrid.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Label and value lines with the values in one column, as {@code show} prints a task or an array. */
final class Fields {
    /** Where values start: two spaces, a label of 12, two spaces; a value's further lines are indented to it. */
    static final int VALUE_COLUMN = 16;
    /** The width {@link #wrapped} fills: an 80-column terminal over ssh. */
    static final int WIDTH = 80;

    final List<String> lines = new ArrayList<>();

    void row(List<String> labelAndValue) {
        row(labelAndValue.get(0), labelAndValue.get(1));
    }

    void row(String label, String value) {
        lines.add(String.format(Locale.ROOT, "  %-12s  %s", label, value));
    }

    /** A value of several words broken at spaces into lines of at most {@link #WIDTH}, the further ones indented. */
    void wrapped(String label, String value) {
        List<String> parts = wrap(value, WIDTH - VALUE_COLUMN);
        row(label, parts.get(0));
        parts.subList(1, parts.size()).forEach(p -> lines.add(" ".repeat(VALUE_COLUMN) + p));
    }

    /**
     * The lines of {@code show} fitted to a terminal {@code width} wide (0: no terminal, as they are): a field row whose
     * value runs past the edge is broken at spaces with its further lines under the value, rather than cut mid-word by
     * the terminal. Lines after the first "--- " heading (the program's output) are left as they are.
     */
    static List<String> fitted(List<String> lines, int width) {
        if (width <= VALUE_COLUMN + 10) {
            return lines;
        }
        List<String> out = new ArrayList<>(lines.size());
        boolean fields = true;
        for (String line : lines) {
            fields &= !line.startsWith("--- ");
            boolean row = line.length() > width && line.startsWith("  ") && line.charAt(2) != ' '
                    && line.startsWith("  ", VALUE_COLUMN - 2) && line.indexOf(' ', VALUE_COLUMN) > 0;
            if (!fields || !row) {
                out.add(line);
                continue;
            }
            List<String> parts = wrap(line.substring(VALUE_COLUMN), width - VALUE_COLUMN);
            out.add(line.substring(0, VALUE_COLUMN) + parts.get(0));
            parts.subList(1, parts.size()).forEach(p -> out.add(" ".repeat(VALUE_COLUMN) + p));
        }
        return out;
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters (a longer word keeps its line). */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }
}

package io.taskgrid.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell, two spaces apart; {@link #lines(int, List)} fits it to a
 * terminal's width by cutting the cells of the columns that may give up room.
 */
final class Table {
    /**
     * A column that gives up width when the table is too wide, down to {@code floor} characters; its longer cells end
     * in "…".
     */
    record Shrink(int column, int floor) {
        Shrink {
            if (column < 0 || floor < 2) {
                throw new IllegalArgumentException("A column to shrink needs an index from 0 and a floor of at least 2, not "
                        + column + " and " + floor + ".");
            }
        }
    }

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(cells.stream().map(c -> c == null ? "-" : c).toList());
        return this;
    }

    /** The lines of the table, header first, without trailing spaces. */
    List<String> lines() {
        return lines(0, List.of());
    }

    /**
     * The lines cut to {@code maxWidth} characters where they can be: the columns of {@code shrinkable} give up width in
     * that order, each down to its floor. A line may stay wider when all of them are at their floor.
     *
     * @param maxWidth the width to fit, or 0 for no limit
     */
    List<String> lines(int maxWidth, List<Shrink> shrinkable) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        if (maxWidth > 0) {
            int excess = 2 * (widths.length - 1) - maxWidth;
            for (int w : widths) {
                excess += w;
            }
            for (Shrink s : shrinkable) {
                if (excess <= 0) {
                    break;
                }
                int give = Math.max(0, Math.min(excess, widths[s.column()] - s.floor()));
                widths[s.column()] -= give;
                excess -= give;
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(headers, widths));
        for (List<String> row : rows) {
            lines.add(line(row, widths));
        }
        return lines;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cut(cells.get(i), widths[i]);
            sb.append(cell);
            if (i < cells.size() - 1) {
                sb.append(" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        return sb.toString().stripTrailing();
    }

    /** {@code text} in at most {@code width} characters, ending in "…" when it had more. */
    static String cut(String text, int width) {
        if (width(text) <= width) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, Math.max(0, width - 1))) + "…";
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}

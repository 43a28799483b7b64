package io.taskgrid.api.task;

import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The indexes of a task array ({@code submit sim.py --array 1-1000:2%10}): one task per index from {@code first} to
 * {@code last} by {@code step}, at most {@code limit} of them running at once. The array's id is the id of its first
 * task; a member is named {@code ARRAY.INDEX} ({@code 42.7}) and gets {@code TASKGRID_ARRAY_INDEX}.
 *
 * @param first the first index, 0 or more
 * @param last  the last index asked for, at least {@code first} (the last member is the last index the step reaches)
 * @param step  the distance between indexes, 1 or more
 * @param limit how many members may run at once; 0 for no limit beyond the pool's
 */
public record TaskArray(int first, int last, int step, int limit) implements Serializable {
    /** Most members one array may have. */
    public static final int MAX_MEMBERS = 1_000_000;
    /** Largest index. */
    public static final int MAX_INDEX = 99_999_999;
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(?:-(\\d{1,9}))?(?::(\\d{1,9}))?(?:%(\\d{1,9}))?");

    public TaskArray {
        Optional<String> problem = problem(first, last, step, limit);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * Reads {@code FIRST[-LAST][:STEP][%LIMIT]} as people write it ({@code 1-1000}, {@code 0-99:10}, {@code 1-500%20});
     * a bad one is refused with a sentence that shows the form.
     */
    public static TaskArray parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an array of indexes; write FIRST-LAST[:STEP][%LIMIT], "
                    + "for example 1-1000, 0-99:10 or 1-500%20.");
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        int limit = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        return new TaskArray(first, last, step, limit);
    }

    /** Why these figures are not an array, as a sentence naming the fix; empty when they are one. */
    public static Optional<String> problem(int first, int last, int step, int limit) {
        if (first < 0 || last > MAX_INDEX) {
            return Optional.of("Array indexes are 0 to " + MAX_INDEX + ", not " + first + "-" + last + ".");
        }
        if (last < first) {
            return Optional.of("An array's last index comes after its first, not " + first + "-" + last + "; write "
                    + last + "-" + first + ".");
        }
        if (step < 1) {
            return Optional.of("An array's step is 1 or more, not " + step + ".");
        }
        if (limit < 0) {
            return Optional.of("How many members of an array run at once is 1 or more (%" + limit + " is not); leave out "
                    + "%LIMIT for no limit.");
        }
        long size = ((long) last - first) / step + 1;
        if (size > MAX_MEMBERS) {
            return Optional.of("An array has at most " + MAX_MEMBERS + " members, not " + size + "; split it in several "
                    + "arrays, or use a step (FIRST-LAST:STEP).");
        }
        return Optional.empty();
    }

    /** How many members it has. */
    public int size() {
        return (last - first) / step + 1;
    }

    /** The index of the member at {@code position} (0 for the first). */
    public int indexAt(int position) {
        if (position < 0 || position >= size()) {
            throw new IndexOutOfBoundsException("Position " + position + " of an array of " + size());
        }
        return first + position * step;
    }

    /** Where index {@code index} stands among the members (0 for the first); empty when it is not one of them. */
    public Optional<Integer> positionOf(int index) {
        if (index < first || index > last || (index - first) % step != 0) {
            return Optional.empty();
        }
        return Optional.of((index - first) / step);
    }

    /** The index of the last member. */
    public int lastIndex() {
        return indexAt(size() - 1);
    }

    /** Whether it caps how many members run at once. */
    public boolean limited() {
        return limit > 0;
    }

    /** As {@link #parse} reads it. */
    @Override
    public String toString() {
        return first + (lastIndex() == first ? "" : "-" + lastIndex()) + (step == 1 ? "" : ":" + step)
                + (limit == 0 ? "" : "%" + limit);
    }
}

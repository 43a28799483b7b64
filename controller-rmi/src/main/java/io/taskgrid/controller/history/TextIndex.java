package io.taskgrid.controller.history;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How the history's text search asks the trigram index ({@code task_text}, schema 4) which tasks may hold a
 * text. The index is written by {@link TextIndexer}, off the tasks' own writes.
 */
final class TextIndex {
    /** The trigram index finds texts of at least this many characters; shorter ones need a scan. */
    static final int MIN_CHARACTERS = 3;
    /** Of a long text, this many trigrams spread over it select as well as all of them, and cost less to intersect. */
    private static final int MAX_TRIGRAMS = 8;

    private TextIndex() {
    }

    static boolean canFind(String text) {
        return text.codePointCount(0, text.length()) >= MIN_CHARACTERS;
    }

    /**
     * An FTS5 query for the tasks that hold the trigrams (three characters in a row) of the text, in any of the
     * columns and ignoring case: a superset of those that contain the text, which the caller's LIKE then checks.
     */
    static String query(String text) {
        int[] chars = text.codePoints().toArray();
        int count = chars.length - MIN_CHARACTERS + 1;
        Set<String> terms = new LinkedHashSet<>();
        for (int k = 0, n = Math.min(count, MAX_TRIGRAMS); k < n; k++) {
            int i = n == 1 ? 0 : (int) ((long) k * (count - 1) / (n - 1));
            terms.add('"' + new String(chars, i, MIN_CHARACTERS).replace("\"", "\"\"") + '"');
        }
        return String.join(" AND ", terms);
    }
}

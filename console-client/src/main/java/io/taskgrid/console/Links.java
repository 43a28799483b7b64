package io.taskgrid.console;

/**
 * A task's dependencies in words, as {@code show} prints them: what it waits for and what waits for it.
 *
 * @param waitsFor  "task 41 to succeed; array 42 to end", or {@code null} for nothing
 * @param neededBy  "task 50, array 60", or {@code null} for nothing (or a controller that cannot tell)
 */
record Links(String waitsFor, String neededBy) {
    static final Links NONE = new Links(null, null);

    void addTo(Fields fields) {
        if (waitsFor != null) {
            fields.wrapped("waits for", waitsFor);
        }
        if (neededBy != null) {
            fields.wrapped("needed by", neededBy);
        }
    }
}

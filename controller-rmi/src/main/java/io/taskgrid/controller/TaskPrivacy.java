package io.taskgrid.controller;

import java.util.Locale;

/** Who may see a task's output excerpts and result path ({@code --task-privacy}). Cancelling is always the owner's or an administrator's. */
public enum TaskPrivacy {
    /** Only the user who submitted it, and administrators (the default, as batch systems do). */
    OWNER,
    /** Every logged-in user. */
    EVERYONE;

    /** @throws IllegalArgumentException with a sentence naming the choices */
    public static TaskPrivacy parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a task privacy; use owner (the default) or everyone.");
        }
    }
}

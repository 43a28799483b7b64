package io.taskgrid.console;

import io.taskgrid.api.task.TaskState;

/** ANSI colours for a person's terminal, or none at all (pipes, NO_COLOR). */
final class Style {
    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    Style(boolean colour) {
        this.colour = colour;
    }

    boolean colour() {
        return colour;
    }

    /** The state's mark, coloured when allowed. */
    String mark(TaskState state) {
        return paint(state, state.mark());
    }

    /** The state's label, coloured when allowed. */
    String label(TaskState state) {
        return paint(state, state.label());
    }

    String bold(String text) {
        return colour ? "\u001b[1m" + text + RESET : text;
    }

    private String paint(TaskState state, String text) {
        if (!colour) {
            return text;
        }
        String code = switch (state) {
            case SUCCEEDED, DUPLICATE -> "32";
            case RUNNING -> "36";
            case FAILED, REJECTED -> "31";
            case QUEUED -> "33";
            case CANCELLED -> "35";
        };
        return "\u001b[" + code + "m" + text + RESET;
    }
}

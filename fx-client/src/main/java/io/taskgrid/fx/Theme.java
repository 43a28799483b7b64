package io.taskgrid.fx;

import java.util.function.BooleanSupplier;

/** The look chosen in View › Theme: light, dark, or as the desktop prefers ({@link SystemTheme}). */
enum Theme {
    LIGHT("Light"),
    DARK("Dark"),
    SYSTEM("System");

    private final String label;

    Theme(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Whether this choice shows the dark theme; {@code systemPrefersDark} is asked only for {@link #SYSTEM}. */
    boolean dark(BooleanSupplier systemPrefersDark) {
        return this == DARK || this == SYSTEM && systemPrefersDark.getAsBoolean();
    }

    /** "light", "dark" or "system", as {@code --theme} takes it; null for anything else. */
    static Theme parse(String text) {
        for (Theme t : values()) {
            if (t.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return t;
            }
        }
        return null;
    }
}

package io.taskgrid.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.util.function.BooleanSupplier;

/**
 * The theme of every window of the client: AtlantaFX's Primer light or dark as the user agent stylesheet, chosen in
 * View › Theme and remembered; "System" follows the desktop's preference ({@link SystemTheme}, read once, when first
 * needed). Our own stylesheet takes its colours from the theme's (-color-success-fg …), so it follows too. FX thread.
 */
final class ThemeSwitch {
    static final String LIGHT = new PrimerLight().getUserAgentStylesheet();
    static final String DARK = new PrimerDark().getUserAgentStylesheet();

    private final ObjectProperty<Theme> choice = new SimpleObjectProperty<>(Theme.SYSTEM);
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper();
    private final BooleanSupplier systemPrefersDark;
    private Boolean systemDark;

    ThemeSwitch(Theme initial, BooleanSupplier systemPrefersDark) {
        this.systemPrefersDark = systemPrefersDark;
        choice.set(initial == null ? Theme.SYSTEM : initial);
        choice.addListener((o, was, now) -> apply());
        apply();
    }

    /** The theme chosen; set it to switch. */
    ObjectProperty<Theme> choiceProperty() {
        return choice;
    }

    /** Whether the dark theme is shown. */
    ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    private void apply() {
        Theme t = choice.get() == null ? Theme.SYSTEM : choice.get();
        dark.set(t.dark(this::systemDark));
        Application.setUserAgentStylesheet(dark.get() ? DARK : LIGHT);
    }

    private boolean systemDark() {
        if (systemDark == null) {
            systemDark = systemPrefersDark.getAsBoolean();
        }
        return systemDark;
    }
}

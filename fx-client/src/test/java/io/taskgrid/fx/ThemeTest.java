package io.taskgrid.fx;

import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which theme a choice shows, the desktop's preference as read, and the preferences that remember them. */
class ThemeTest {
    @Test
    void lightAndDarkAreWhatTheySaySystemFollowsTheDesktop() {
        assertFalse(Theme.LIGHT.dark(() -> true));
        assertTrue(Theme.DARK.dark(() -> false));
        assertTrue(Theme.SYSTEM.dark(() -> true));
        assertFalse(Theme.SYSTEM.dark(() -> false));
        assertEquals(Theme.DARK, Theme.parse(" Dark "));
        assertEquals(null, Theme.parse("blue"));
    }

    @Test
    void gtkThemeNamingADarkVariantIsEnoughWithoutAskingGsettings() {
        List<List<String>> asked = new ArrayList<>();
        assertTrue(SystemTheme.prefersDark(Map.of("GTK_THEME", "Adwaita:dark"), c -> {
            asked.add(c);
            return Optional.empty();
        }));
        assertTrue(asked.isEmpty(), "GTK_THEME decides alone");
        assertFalse(SystemTheme.prefersDark(Map.of("GTK_THEME", "Adwaita"), c -> Optional.of("'prefer-dark'")));
    }

    @Test
    void gnomesColorSchemeThenTheGtkThemesNameDecideElseLight() {
        assertTrue(SystemTheme.prefersDark(Map.of(), c -> c.contains("color-scheme") ? Optional.of("'prefer-dark'") : Optional.empty()));
        assertFalse(SystemTheme.prefersDark(Map.of(), c -> c.contains("color-scheme") ? Optional.of("'prefer-light'")
                : Optional.of("'Adwaita-dark'")));
        assertTrue(SystemTheme.prefersDark(Map.of(), c -> c.contains("color-scheme") ? Optional.of("'default'")
                : Optional.of("'Yaru-dark'")));
        assertFalse(SystemTheme.prefersDark(Map.of(), c -> Optional.empty()), "nothing readable: light");
    }

    @Test
    void theThemeAndTheStateFilterAreRemembered() {
        DesktopPreferences preferences = MemoryPreferences.desktop();
        assertEquals(Theme.SYSTEM, preferences.theme());
        assertEquals(Set.of(), preferences.states());
        preferences.theme(Theme.DARK);
        preferences.states(EnumSet.of(TaskState.FAILED, TaskState.RUNNING));
        assertEquals(Theme.DARK, preferences.theme());
        assertEquals(EnumSet.of(TaskState.FAILED, TaskState.RUNNING), preferences.states());
    }

    @Test
    void helpShowsTheReadmesDesktopSection() {
        String readme = "# TaskGrid\n\n## The desktop client\n\nPress **Ctrl+N** to submit.\n\n## A five-minute tour\nmore\n";
        assertEquals("## The desktop client\n\nPress Ctrl+N to submit.\n", HelpWindows.desktopSection(readme));
        assertEquals(HelpWindows.KEYS, HelpWindows.desktopSection("# no such section\n"));
        assertEquals("## The desktop client\n\nPress Ctrl+N, choose a file and press Enter.\n\n  Enter — open the task\n"
                + "  Ctrl+N — submit a task\n", HelpWindows.desktopSection("## The desktop client\n\nPress **Ctrl+N**, choose\n"
                + "a file and press *Enter*.\n\n| key | does |\n|---|---|\n| Enter | open the task |\n| Ctrl+N | submit a task |\n"));
        assertTrue(HelpWindows.aboutText("grid:1099").contains("Controller: grid:1099."));
        assertTrue(HelpWindows.aboutText("").contains("Protocol " + io.taskgrid.api.Version.PROTOCOL + "."));
    }
}

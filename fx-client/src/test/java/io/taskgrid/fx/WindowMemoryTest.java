package io.taskgrid.fx;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowMemoryTest {
    @Test
    void opensAt1200By760OnALargeScreenCentred() {
        assertEquals(new DesktopPreferences.Bounds(680, 340, 1200, 760),
                WindowMemory.firstBounds(new Rectangle2D(0, 0, 2560, 1440)));
    }

    @Test
    void opensAt80PercentOfASmallScreen() {
        assertEquals(new DesktopPreferences.Bounds(140, 109, 1120, 696),
                WindowMemory.firstBounds(new Rectangle2D(0, 22, 1400, 870)));
    }

    @Test
    void remembersTheWindowAndTheColumnsPerUser() {
        DesktopPreferences preferences = MemoryPreferences.desktop();
        assertEquals(Optional.empty(), preferences.window(), "nothing remembered the first time");
        assertEquals(true, preferences.notifyTaskEnds(), "notifications are on until turned off");

        preferences.window(new DesktopPreferences.Bounds(60, 50, 1002, 665));
        preferences.columnWidth("id-column", 81);
        preferences.notifyTaskEnds(false);

        assertEquals(Optional.of(new DesktopPreferences.Bounds(60, 50, 1002, 665)), preferences.window());
        assertEquals(Optional.of(81.0), preferences.columnWidth("id-column"));
        assertEquals(Optional.empty(), preferences.columnWidth("message-column"));
        assertEquals(false, preferences.notifyTaskEnds());
    }
}

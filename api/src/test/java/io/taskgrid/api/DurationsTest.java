package io.taskgrid.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {

    @Test
    void readsDurationsAsPeopleTypeThem() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30"));
        assertEquals(Duration.ofMinutes(5), Durations.parse(" 5m "));
        assertEquals(Duration.ofHours(2), Durations.parse("2H"));
    }

    @Test
    void refusesAnythingElseWithTheFormatInTheMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("ten seconds"));
        assertTrue(e.getMessage().contains("30s"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("99999999999999999999s"));
    }

    @Test
    void formatsShortly() {
        assertEquals("850ms", Durations.format(Duration.ofMillis(850)));
        assertEquals("12.3s", Durations.format(Duration.ofMillis(12_300)));
        assertEquals("4m05s", Durations.format(Duration.ofSeconds(245)));
        assertEquals("1h02m", Durations.format(Duration.ofMinutes(62)));
    }
}

package io.taskgrid.client.text;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatsTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private final Formats formats = new Formats(Clock.fixed(NOW, ZoneId.of("Europe/Berlin")));

    @Test
    void sizesUseBinaryMultiplesWithOneDecimalAndALowerCaseK() {
        assertEquals("0 B", Formats.bytes(0));
        assertEquals("1023 B", Formats.bytes(1023));
        assertEquals("1.0 kB", Formats.bytes(1024));
        assertEquals("1.5 kB", Formats.bytes(1536));
        assertEquals("2.0 MB", Formats.bytes(2L * 1024 * 1024));
        assertEquals("3.5 GB", Formats.bytes(3584L * 1024 * 1024));
    }

    @Test
    void timesAreInTheClocksZone() {
        assertEquals("14:00:00", formats.time(NOW));
        assertEquals("2024-05-01 14:00:00", formats.dateTime(NOW));
        assertEquals("", formats.dateTime(null));
    }

    @Test
    void todayIsATimeOfDayAndEarlierDaysCarryTheDate() {
        assertEquals("13:59:00", formats.when(NOW.minusSeconds(60)));
        assertEquals("2024-04-30 14:00:00", formats.when(NOW.minus(Duration.ofDays(1))));
    }

    @Test
    void aRunningTaskHasRunUntilNowAndAQueuedOneNotAtAll() {
        TaskRecord running = TaskRecord.builder().id(1).project("p").program("a.py").state(TaskState.RUNNING)
                .submittedAt(NOW.minusSeconds(90)).startedAt(NOW.minusSeconds(75)).build();
        TaskRecord queued = running.toBuilder().state(TaskState.QUEUED).startedAt(null).build();
        TaskRecord ended = running.toBuilder().state(TaskState.SUCCEEDED).endedAt(NOW.minusSeconds(70)).build();

        assertEquals(Optional.of(Duration.ofSeconds(75)), formats.runTime(running));
        assertEquals(Optional.empty(), formats.runTime(queued));
        assertEquals(Optional.of(Duration.ofSeconds(5)), formats.runTime(ended));
    }
}

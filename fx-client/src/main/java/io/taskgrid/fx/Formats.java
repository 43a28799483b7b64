package io.taskgrid.fx;

import io.taskgrid.api.Durations;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times, durations and sizes read in the window, in the user's time zone. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private final Clock clock;

    Formats(Clock clock) {
        this.clock = clock;
    }

    /** Time of day for today, date and time before. */
    String when(Instant at) {
        if (at == null) {
            return "";
        }
        ZonedDateTime local = at.atZone(clock.getZone());
        return local.toLocalDate().equals(LocalDate.now(clock)) ? TIME.format(local) : DATE_TIME.format(local);
    }

    String full(Instant at) {
        return at == null ? "" : DATE_TIME.format(at.atZone(clock.getZone()));
    }

    /** Run time: start to end, or to now while it runs. */
    String duration(TaskRecord t) {
        if (t.startedAt() == null) {
            return "";
        }
        Instant end = t.endedAt() != null ? t.endedAt() : t.state() == TaskState.RUNNING ? clock.instant() : null;
        return end == null ? "" : Durations.format(Duration.between(t.startedAt(), end).isNegative()
                ? Duration.ZERO : Duration.between(t.startedAt(), end));
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1024.0 / 1024.0 / 1024.0);
    }

    static String shortId(String id) {
        return id == null ? "" : id;
    }

    static String stateClass(TaskState s) {
        return "state-" + s.name().toLowerCase(Locale.ROOT);
    }
}

package io.taskgrid.client.text;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How both clients write sizes, times and run times, in the clock's (the user's) time zone. What stands for a
 * missing value ("-" in a terminal, nothing in a window) is the interface's choice: these return {@code ""}.
 */
public final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final long KB = 1024;
    private static final long MB = KB * 1024;
    private static final long GB = MB * 1024;

    private final Clock clock;

    public Formats(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code 2024-05-01 14:00:03}, or {@code ""}. */
    public String dateTime(Instant at) {
        return at == null ? "" : DATE_TIME.format(at.atZone(clock.getZone()));
    }

    /** {@code 14:00:03}, or {@code ""}. */
    public String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(clock.getZone()));
    }

    /** The time of day for today, the date and time before; or {@code ""}. */
    public String when(Instant at) {
        if (at == null) {
            return "";
        }
        return at.atZone(clock.getZone()).toLocalDate().equals(LocalDate.now(clock)) ? time(at) : dateTime(at);
    }

    /** How long the task ran: start to end, or to now while it runs; empty before it started. */
    public Optional<Duration> runTime(TaskRecord task) {
        return runTime(task, clock.instant());
    }

    /** How long the task ran: start to end, or to {@code now} while it runs (a time when it was last known to run). */
    public Optional<Duration> runTime(TaskRecord task, Instant now) {
        if (task.startedAt() == null) {
            return Optional.empty();
        }
        Instant end = task.endedAt() != null ? task.endedAt() : task.state() == TaskState.RUNNING ? now : null;
        if (end == null) {
            return Optional.empty();
        }
        Duration d = Duration.between(task.startedAt(), end);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }

    /** {@code 512 B}, {@code 1.5 kB}, {@code 2.0 MB}, {@code 3.1 GB} (binary multiples, one decimal). */
    public static String bytes(long n) {
        if (n < KB) {
            return n + " B";
        }
        if (n < MB) {
            return String.format(Locale.ROOT, "%.1f kB", n / (double) KB);
        }
        if (n < GB) {
            return String.format(Locale.ROOT, "%.1f MB", n / (double) MB);
        }
        return String.format(Locale.ROOT, "%.1f GB", n / (double) GB);
    }
}

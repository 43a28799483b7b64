package io.taskgrid.fx;

import io.taskgrid.api.Durations;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * How times, durations and sizes read in the window, in the user's time zone: client-core's formats, with nothing
 * shown where a value is missing.
 */
final class Formats {
    private final io.taskgrid.client.text.Formats shared;

    Formats(Clock clock) {
        this.shared = new io.taskgrid.client.text.Formats(clock);
    }

    /** Time of day for today, date and time before. */
    String when(Instant at) {
        return shared.when(at);
    }

    String full(Instant at) {
        return shared.dateTime(at);
    }

    /** Run time: start to end, or to now while it runs. */
    String duration(TaskRecord t) {
        return shared.runTime(t).map(Durations::format).orElse("");
    }

    /** Run time: start to end, or to now while it runs; empty before it started. */
    java.util.Optional<java.time.Duration> runTime(TaskRecord t) {
        return shared.runTime(t);
    }

    /** Run time up to {@code until} at the most, for a task not heard of since (null: up to now). */
    String duration(TaskRecord t, Instant until) {
        return (until == null ? shared.runTime(t) : shared.runTime(t, until)).map(Durations::format).orElse("");
    }

    /** A span of time in words: "1 minute", "10 minutes", "1 hour". */
    static String span(java.time.Duration d) {
        long minutes = d.toMinutes();
        if (minutes >= 60 && minutes % 60 == 0) {
            return minutes == 60 ? "1 hour" : minutes / 60 + " hours";
        }
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    static String bytes(long bytes) {
        return io.taskgrid.client.text.Formats.bytes(bytes);
    }

    static String stateClass(TaskState s) {
        return "state-" + s.name().toLowerCase(Locale.ROOT);
    }
}

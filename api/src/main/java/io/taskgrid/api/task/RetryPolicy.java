package io.taskgrid.api.task;

import io.taskgrid.api.Durations;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How often a task that failed runs again ({@code submit --retries 3 --retry-delay 30s --retry-on-exit 75,137}). The
 * controller decides which failures count (an exit code, never a cancellation, a timeout, a syntax error or a stop for
 * memory); this record only holds what was asked, checked on both sides.
 *
 * @param retries how many times it may run again after failing, 0 to {@value #MAX_RETRIES}; 0: never
 * @param delay   how long it waits before it goes back to its queue, 0 to one day (never null)
 * @param onExit  the exit codes that are retried, each 1 to 255, sorted and distinct; empty: any non-zero exit code
 */
public record RetryPolicy(int retries, Duration delay, List<Integer> onExit) implements Serializable {
    /** Most retries one task may ask for. */
    public static final int MAX_RETRIES = 100;
    /** Longest delay before a retry. */
    public static final Duration MAX_DELAY = Duration.ofDays(1);
    /** A task that says nothing: it is not retried (after the bounds it is checked against). */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, List.of());

    public RetryPolicy {
        delay = delay == null ? Duration.ZERO : delay;
        onExit = onExit == null ? List.of() : List.copyOf(new TreeSet<>(onExit));
        Optional<String> problem = problem(retries, delay, onExit);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** A policy of these figures; {@link #NONE} for none. */
    public static RetryPolicy of(int retries, Duration delay, List<Integer> onExit) {
        boolean none = retries == 0 && (delay == null || delay.isZero()) && (onExit == null || onExit.isEmpty());
        return none ? NONE : new RetryPolicy(retries, delay, onExit);
    }

    /** Why these figures are not a policy, as a sentence naming the fix; empty when they are one. */
    public static Optional<String> problem(int retries, Duration delay, List<Integer> onExit) {
        if (retries < 0 || retries > MAX_RETRIES) {
            return Optional.of("A task is retried 0 to " + MAX_RETRIES + " times, not " + retries + "; give --retries 0 to "
                    + MAX_RETRIES + ".");
        }
        if (delay != null && (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0)) {
            return Optional.of("The delay before a retry is 0 to 1 day, not " + Durations.format(delay)
                    + "; give --retry-delay such as 30s, 5m or 1h.");
        }
        if (onExit != null) {
            for (Integer code : onExit) {
                if (code == null || code < 1 || code > 255) {
                    return Optional.of("An exit code to retry on is 1 to 255, not " + code + "; give --retry-on-exit such as 75,137.");
                }
            }
        }
        if (retries == 0 && ((delay != null && !delay.isZero()) || (onExit != null && !onExit.isEmpty()))) {
            return Optional.of("--retry-delay and --retry-on-exit only apply to a task that is retried; add --retries N (1 to "
                    + MAX_RETRIES + ").");
        }
        return Optional.empty();
    }

    /**
     * Exit codes as typed: {@code 75,137} (spaces allowed).
     *
     * @throws IllegalArgumentException with a sentence naming the fix
     */
    public static List<Integer> parseExitCodes(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("No exit code to retry on was given; write them like --retry-on-exit 75,137.");
        }
        List<Integer> codes = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (!p.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + (p.length() > 20 ? p.substring(0, 20) + "…" : p) + "' is not an exit"
                        + " code; write exit codes 1 to 255 separated by commas, like --retry-on-exit 75,137.");
            }
            int code = Integer.parseInt(p);
            if (code < 1 || code > 255) {
                throw new IllegalArgumentException("An exit code to retry on is 1 to 255, not " + code
                        + "; write them like --retry-on-exit 75,137.");
            }
            codes.add(code);
        }
        return codes;
    }

    /** Whether the task may be retried at all. */
    public boolean enabled() {
        return retries > 0;
    }

    /** Whether a run that exited with {@code exitCode} is one this policy retries (retries left aside). */
    public boolean coversExitCode(int exitCode) {
        return exitCode != 0 && (onExit.isEmpty() || onExit.contains(exitCode));
    }

    /** In words, as {@code show} prints it: "up to 3 retries, 30 s apart, on exit codes 75, 137". */
    public String inWords() {
        if (!enabled()) {
            return "none";
        }
        String n = "up to " + retries + (retries == 1 ? " retry" : " retries");
        String when = delay.isZero() ? ", at once" : (retries == 1 ? " after " : ", ") + seconds(delay) + (retries == 1 ? "" : " apart");
        String on = onExit.isEmpty() ? ", on any non-zero exit code"
                : ", on exit code" + (onExit.size() == 1 ? " " : "s ") + String.join(", ", onExit.stream().map(String::valueOf).toList());
        return n + when + on;
    }

    /** "30 s", "1.5 s", "5 min", "2 h": a retry delay as people read it. */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s >= 3600 && s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s >= 60 && s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}

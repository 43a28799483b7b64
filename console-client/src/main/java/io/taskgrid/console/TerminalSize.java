package io.taskgrid.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many columns and rows the person's terminal has now: {@code COLUMNS} and {@code LINES} when both are in the
 * environment (they then win, and a resize is not seen), else what {@code stty size} says of the controlling
 * terminal (asked again at most once a second, so that a resize shows within a second), else 80×24.
 */
final class TerminalSize {
    /** A size in character cells. */
    record Cells(int columns, int rows) {
        static final Cells DEFAULT = new Cells(80, 24);
    }

    private static final long ASK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final Map<String, String> environment;
    private Cells known;
    private long askedAt;

    TerminalSize(Map<String, String> environment) {
        this.environment = environment;
    }

    synchronized Cells now() {
        Cells fromEnvironment = fromEnvironment();
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        long now = System.nanoTime();
        if (known == null || now - askedAt > ASK_EVERY_NANOS) {
            askedAt = now;
            Cells asked = askStty();
            known = asked != null ? asked : known != null ? known : Cells.DEFAULT;
        }
        return known;
    }

    private Cells fromEnvironment() {
        try {
            String columns = environment.get("COLUMNS");
            String lines = environment.get("LINES");
            if (columns != null && lines != null) {
                return sane(Integer.parseInt(columns.strip()), Integer.parseInt(lines.strip()));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static Cells askStty() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            String[] parts = answer.split("\\s+");
            return parts.length == 2 ? sane(Integer.parseInt(parts[1]), Integer.parseInt(parts[0])) : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Cells sane(int columns, int rows) {
        return columns >= 20 && rows >= 5 && columns < 10_000 && rows < 10_000 ? new Cells(columns, rows) : null;
    }
}

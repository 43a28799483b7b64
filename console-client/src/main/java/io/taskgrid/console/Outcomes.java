package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How an ended task turns into a closing sentence and an exit code. A message of several lines (a syntax error: the
 * checker's or compiler's lines) is printed with its lines indented under its head, never at column 0.
 */
final class Outcomes {
    private Outcomes() {
    }

    static int exitCode(TaskRecord task) {
        return switch (task.state()) {
            // A duplicate's result is there already (the earlier task's): as good as a success.
            case SUCCEEDED, DUPLICATE -> ExitCodes.OK;
            case REJECTED -> ExitCodes.USAGE;
            default -> ExitCodes.TASK_FAILED;
        };
    }

    /** "Task 42 failed: Exited with code 3." for a task that did not succeed, else {@code null}. */
    static String endingSentence(TaskRecord task) {
        return endingSentence(task, null);
    }

    /**
     * Like {@link #endingSentence(TaskRecord)}, after {@code shownAbove} (the task's stderr, just printed): a message
     * whose lines that text already holds (a syntax error, whose checker wrote them to stderr) is cut to its head and
     * points up, so that the error is printed once.
     */
    static String endingSentence(TaskRecord task, String shownAbove) {
        String reason = task.message() == null ? null : shownOnce(task.message(), shownAbove);
        if (reason == null && task.exitCode() != null) {
            reason = "Exited with code " + task.exitCode() + ".";
        }
        return switch (task.state()) {
            case FAILED -> "Task " + task.displayId() + " failed" + (reason == null ? "." : ": " + reason);
            case CANCELLED -> "Task " + task.displayId() + " was cancelled" + (task.message() == null ? "." : ": " + indented(task.message()));
            case REJECTED -> "Task " + task.displayId() + " was rejected" + (task.message() == null ? "." : ": " + indented(task.message()));
            default -> null;
        };
    }

    /** The message with its further lines indented under the first: "Syntax error in a.py:\n  line 2…". */
    static String indented(String message) {
        return indented(message, "  ");
    }

    /**
     * {@code message} with every line after its head on a line of its own, {@code indent} in front; the head is what
     * comes before the first ": " of the first line ("Syntax error in a.py"). A one-line message stays as it is.
     */
    static String indented(String message, String indent) {
        List<String> lines = lines(message);
        if (lines.size() < 2) {
            return message.strip();
        }
        String first = lines.get(0);
        int colon = first.indexOf(": ");
        StringBuilder sb = new StringBuilder();
        if (colon > 0) {
            sb.append(first, 0, colon).append(':').append('\n').append(indent).append(first.substring(colon + 2));
        } else {
            sb.append(first);
        }
        for (String line : lines.subList(1, lines.size())) {
            sb.append('\n').append(indent).append(line);
        }
        return sb.toString();
    }

    /** The message on one line, for a table cell or an event line: its first line, "…" when more follow. */
    static String oneLine(String message) {
        List<String> lines = lines(message);
        if (lines.isEmpty()) {
            return "";
        }
        return lines.size() == 1 ? lines.get(0) : lines.get(0) + " …";
    }

    /** The message, or only its head and "(see above)" when {@code shownAbove} already holds all its other lines. */
    private static String shownOnce(String message, String shownAbove) {
        List<String> lines = lines(message);
        if (lines.size() < 2 || shownAbove == null || shownAbove.isBlank()) {
            return indented(message);
        }
        String first = lines.get(0);
        int colon = first.indexOf(": ");
        if (colon <= 0) {
            return indented(message);
        }
        Set<String> above = lines(shownAbove).stream().collect(Collectors.toSet());
        List<String> detail = new java.util.ArrayList<>(lines.subList(1, lines.size()));
        detail.add(0, first.substring(colon + 2));
        return above.containsAll(detail) ? first.substring(0, colon) + " (see above)." : indented(message);
    }

    /** The non-blank lines of {@code text}, each stripped. */
    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** What a cancel did, as the controller answered it: cancelled, ended before, or on its way (the agent stops it). */
    static String afterCancel(TaskRecord task) {
        String id = task.displayId();
        if (task.state() == TaskState.CANCELLED) {
            return "Task " + id + " cancelled.";
        }
        if (task.state().isFinal()) {
            return "Task " + id + " ended as " + task.state().label() + " before it could be cancelled.";
        }
        return "Task " + id + " is being cancelled (" + task.state().label() + " now).";
    }
}

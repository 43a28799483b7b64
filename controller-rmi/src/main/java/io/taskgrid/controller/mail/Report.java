package io.taskgrid.controller.mail;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of a report on an ended task: a subject that tells the outcome at a glance, the facts as label and
 * value pairs, the first and last lines of output and of errors. Rendered as plain text and as HTML.
 */
record Report(String subject, Map<String, String> facts, List<String> output, List<String> errors) {
    static final int HEAD_LINES = 10;
    static final int TAIL_LINES = 10;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    /** @param sharedRoot absolute path of the shared folder, to say where the full result lies */
    static Report of(TaskRecord t, String sharedRoot, ZoneId zone) {
        String outcome = switch (t.state()) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "FAILED";
            case CANCELLED -> "cancelled";
            case DUPLICATE -> "duplicate of task " + t.duplicateOf();
            default -> t.state().label();
        };
        String subject = "[TaskGrid] " + t.state().mark() + " Task " + t.id() + " " + outcome + ": " + t.program()
                + " (" + t.project() + ")";
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Task", String.valueOf(t.id()));
        f.put("State", t.state().label() + (t.exitCode() == null ? "" : ", exit code " + t.exitCode()));
        f.put("Project", t.project() + ", project id " + dash(t.projectId()));
        f.put("Program", t.program() + (t.language() == null ? "" : " (" + t.language().displayName() + ")"));
        f.put("Arguments", t.arguments().isEmpty() ? "-" : String.join(" ", t.arguments()));
        f.put("Data", dash(t.dataPath()));
        f.put("Agent", t.agentId() == null ? "-" : t.agentId() + (t.agentHost() == null ? "" : " on " + t.agentHost()));
        f.put("Submitted", when(t.submittedAt(), zone) + (t.clientUser() == null ? "" : " by " + t.clientUser()
                + (t.clientHost() == null ? "" : " from " + t.clientHost())));
        f.put("Started", when(t.startedAt(), zone));
        f.put("Ended", when(t.endedAt(), zone));
        f.put("Duration", t.startedAt() == null || t.endedAt() == null ? "-" : duration(Duration.between(t.startedAt(), t.endedAt())));
        if (t.attempt() > 1) {
            f.put("Attempt", String.valueOf(t.attempt()));
        }
        if (t.usage() != null) {
            f.put("Usage", String.format(Locale.ROOT, "CPU %.1f s, memory %.1f MB, %d bytes read",
                    t.usage().cpuSeconds(), t.usage().memoryBytes() / 1048576.0, t.usage().bytesRead()));
        }
        if (t.duplicateOf() != null) {
            f.put("Duplicate of", "task " + t.duplicateOf());
        }
        if (t.message() != null && (t.state() != TaskState.SUCCEEDED || t.duplicateOf() != null)) {
            f.put("Error", t.message());
        }
        f.put("Result", t.resultPath() == null ? "none (the task produced no result folder)"
                : sharedRoot + "/" + t.resultPath());
        if (t.state() == TaskState.DUPLICATE) {
            f.remove("Error");
            f.put("Note", t.message());
        }
        return new Report(subject, f, excerpt(t.output()), excerpt(t.errorOutput()));
    }

    /**
     * The one report on a task array, when its last member ended ({@code last}): its counts by state, the indexes that
     * did not succeed, and where to look further. The members' outputs are in their result folders.
     */
    static Report ofArray(ArraySummary a, TaskRecord last, ZoneId zone) {
        boolean allGood = a.notSucceeded() == 0;
        String subject = "[TaskGrid] " + (allGood ? TaskState.SUCCEEDED.mark() : TaskState.FAILED.mark()) + " Array "
                + a.arrayId() + " ended, " + a.countsInWords() + ": " + a.program() + " (" + last.project() + ")";
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Array", a.arrayId() + " (indexes " + a.array() + ")");
        f.put("Tasks", a.countsInWords());
        if (!a.failedIndexes().isEmpty()) {
            f.put("Did not succeed", a.failedIndexes().stream().limit(50).map(i -> a.arrayId() + "." + i)
                    .reduce((x, y) -> x + ", " + y).orElse("") + (a.failedIndexes().size() > 50 || a.notSucceeded() > 50
                    ? " and " + (a.notSucceeded() - 50) + " more" : ""));
        }
        f.put("Program", a.program());
        f.put("Submitted", when(a.submittedAt(), zone) + (a.clientUser() == null ? "" : " by " + a.clientUser()));
        f.put("Ended", when(a.endedAt() != null ? a.endedAt() : last.endedAt(), zone));
        f.put("Details", "taskgrid show " + a.arrayId() + "; taskgrid history --array " + a.arrayId());
        return new Report(subject, f, List.of(), List.of());
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        int width = facts.keySet().stream().mapToInt(String::length).max().orElse(0);
        facts.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", k, v)));
        section(sb, "Output (stdout)", output);
        section(sb, "Errors (stderr)", errors);
        sb.append(System.lineSeparator()).append("-- TaskGrid").append(System.lineSeparator());
        return sb.toString().replace(System.lineSeparator(), "\r\n");
    }

    String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(subject)).append("</title></head><body style=\"font-family:sans-serif\">");
        sb.append("<h2>").append(escape(subject.substring("[TaskGrid] ".length()))).append("</h2><table>");
        facts.forEach((k, v) -> sb.append("<tr><th align=\"left\" valign=\"top\">").append(escape(k)).append("</th><td>")
                .append(escape(v)).append("</td></tr>"));
        sb.append("</table>");
        htmlSection(sb, "Output (stdout)", output);
        htmlSection(sb, "Errors (stderr)", errors);
        return sb.append("<p style=\"color:gray\">TaskGrid</p></body></html>").toString();
    }

    private static void section(StringBuilder sb, String title, List<String> lines) {
        sb.append(System.lineSeparator()).append("--- ").append(title).append(" ---").append(System.lineSeparator());
        if (lines.isEmpty()) {
            sb.append("(none)").append(System.lineSeparator());
        }
        lines.forEach(l -> sb.append(l).append(System.lineSeparator()));
    }

    private static void htmlSection(StringBuilder sb, String title, List<String> lines) {
        sb.append("<h3>").append(escape(title)).append("</h3><pre>");
        sb.append(lines.isEmpty() ? "(none)" : escape(String.join("\n", lines)));
        sb.append("</pre>");
    }

    /** The first and last lines of a text, with a line saying how many were left out between them. */
    static List<String> excerpt(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> lines = Arrays.asList(text.split("\r?\n", -1));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        if (lines.size() <= HEAD_LINES + TAIL_LINES) {
            return List.copyOf(lines);
        }
        List<String> out = new ArrayList<>(lines.subList(0, HEAD_LINES));
        out.add("[… " + (lines.size() - HEAD_LINES - TAIL_LINES) + " lines left out; the full output is in the result folder …]");
        out.addAll(lines.subList(lines.size() - TAIL_LINES, lines.size()));
        return out;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String when(Instant t, ZoneId zone) {
        return t == null ? "-" : TIME.format(t.atZone(zone));
    }

    private static String duration(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min %02d s", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}

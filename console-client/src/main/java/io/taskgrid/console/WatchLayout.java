package io.taskgrid.console;

import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link WatchState} into the rows of a terminal of a given size: a title row with the totals, then the table
 * (or one task's detail with its latest output), then a bottom row for the keys, the filter being typed, a question
 * or a short note. Every row is cut to the width, and there are exactly as many as the terminal has, so nothing wraps
 * or scrolls whatever the size; the title and the bottom row stay in view when the table scrolls.
 */
final class WatchLayout {
    static final String LIST_KEYS = "↑↓ move  Enter detail  c cancel  / filter  q quit";
    static final String DETAIL_KEYS = "Esc back  c cancel";

    private final TaskText text;
    private final String address;

    WatchLayout(TaskText text, String address) {
        this.text = text;
        this.address = address;
    }

    List<AttributedString> rows(WatchState state, OutputTail output, int columns, int rows, Instant now) {
        List<AttributedString> screen = new ArrayList<>(rows);
        screen.add(title(state, now));
        int body = Math.max(rows - 2, 0);
        if (state.detail() != null && state.mode() != WatchState.Mode.LIST && state.mode() != WatchState.Mode.FILTERING) {
            detail(state.detail(), output, body, screen);
        } else {
            table(state, body, screen);
        }
        while (screen.size() < rows - 1) {
            screen.add(AttributedString.EMPTY);
        }
        screen.add(bottom(state, now));
        return screen.stream().limit(rows).map(r -> r.columnSubSequence(0, columns)).toList();
    }

    private AttributedString title(WatchState state, Instant now) {
        long running = state.running();
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.style(AttributedStyle.BOLD).append("TaskGrid ").append(text.time(now)).style(AttributedStyle.DEFAULT);
        b.append("  ").append(String.valueOf(running)).append(" running, ")
                .append(String.valueOf(state.total() - running)).append(" queued  ").append(address);
        if (!state.filter().isEmpty()) {
            b.append("  filter \"").append(state.filter()).append("\": ").append(String.valueOf(state.shown().size())).append(" shown");
        }
        return b.toAttributedString();
    }

    private void table(WatchState state, int body, List<AttributedString> screen) {
        List<TaskRecord> shown = state.shown();
        if (shown.isEmpty()) {
            screen.add(AttributedString.EMPTY);
            screen.add(new AttributedString(state.filter().isEmpty()
                    ? "  Nothing is running or queued. Submit a program: taskgrid submit examples/hello.py"
                    : "  No running or queued task matches \"" + state.filter() + "\". Esc shows them all."));
            return;
        }
        List<String> lines = text.active(shown);
        screen.add(AttributedString.fromAnsi(lines.get(0)));
        int fit = Math.max(body - 1, 1);
        int top = state.top(shown, fit);
        int selected = state.selectedIndex(shown);
        for (int i = top; i < Math.min(shown.size(), top + fit); i++) {
            AttributedString row = AttributedString.fromAnsi(lines.get(i + 1));
            screen.add(i == selected ? new AttributedStringBuilder().style(AttributedStyle.INVERSE)
                    .append(AttributedString.stripAnsi(lines.get(i + 1))).toAttributedString() : row);
        }
    }

    private void detail(TaskRecord t, OutputTail output, int body, List<AttributedString> screen) {
        List<String> head = new ArrayList<>();
        head.add(text.style().bold("Task " + t.id()) + "  " + text.style().mark(t.state()) + " " + text.style().label(t.state())
                + "  " + t.program() + (t.arguments().isEmpty() ? "" : " " + String.join(" ", t.arguments())));
        head.add("  project " + t.project() + ", submitted " + text.when(t.submittedAt())
                + (t.clientUser() == null ? "" : " by " + t.clientUser()) + ", attempt " + t.attempt());
        if (t.agentId() != null) {
            head.add("  agent " + TaskText.shortAgent(t.agentId()) + (t.agentHost() == null ? "" : " on " + t.agentHost())
                    + ", started " + text.time(t.startedAt()));
            head.add("  " + (t.state() == TaskState.RUNNING ? "running for " : "ran for ") + text.duration(t)
                    + (t.usage() == null ? "" : ": " + TaskText.usage(t.usage())));
        }
        if (t.state() == TaskState.QUEUED && t.waitReason() != null) {
            head.add("  waiting: " + t.waitReason());
        }
        if (t.message() != null) {
            head.add("  " + Outcomes.oneLine(t.message()));
        }
        if (t.state().isFinal()) {
            head.add("  result " + (t.resultPath() == null ? "-" : t.resultPath()) + "; everything: taskgrid show " + t.id());
        }
        head.forEach(l -> screen.add(AttributedString.fromAnsi(l)));
        List<OutputTail.Line> lines = output.lines();
        String rule = t.state().isFinal() ? "--- output ---" : "--- output, as it is written ---";
        screen.add(new AttributedStringBuilder().style(AttributedStyle.DEFAULT.faint()).append(rule).toAttributedString());
        int room = body - head.size() - 1;
        if (t.outputWithheld()) {
            screen.add(new AttributedString("(" + TaskText.withheld(t) + ")"));
        } else if (lines.isEmpty() && room > 0) {
            screen.add(new AttributedString(t.state() == TaskState.QUEUED ? "(it has not started)" : "(nothing yet)"));
        }
        for (OutputTail.Line line : lines.subList(Math.max(lines.size() - Math.max(room, 0), 0), lines.size())) {
            screen.add(line.error()
                    ? new AttributedStringBuilder().style(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).append(line.text()).toAttributedString()
                    : new AttributedString(line.text()));
        }
    }

    private AttributedString bottom(WatchState state, Instant now) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        switch (state.mode()) {
            case FILTERING -> b.append("Filter: ").style(AttributedStyle.BOLD).append(state.filter()).append("_")
                    .style(AttributedStyle.DEFAULT).append("   Enter keep, Esc drop");
            case CONFIRMING_CANCEL -> {
                TaskRecord t = state.toCancel();
                b.style(AttributedStyle.BOLD).append("Cancel task " + t.id() + " (" + t.program() + ", " + t.state().label() + ")? y/n");
            }
            case DETAIL -> b.append(noteOr(state, now, DETAIL_KEYS));
            case LIST -> b.append(noteOr(state, now, LIST_KEYS + position(state)));
        }
        return b.toAttributedString();
    }

    private static String noteOr(WatchState state, Instant now, String keys) {
        String note = state.note(now);
        return note.isEmpty() ? keys : note;
    }

    private static String position(WatchState state) {
        List<TaskRecord> shown = state.shown();
        int selected = state.selectedIndex(shown);
        return shown.isEmpty() ? "" : "   " + (selected + 1) + " of " + shown.size();
    }
}

package io.taskgrid.console;

import io.taskgrid.client.output.OutputFollower;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines a task wrote, for a view that shows its output as it comes ({@code watch}'s detail): fed by an
 * {@link OutputFollower} on its own thread, read by the drawing thread. Keeps at most {@link #KEPT} lines, so a task
 * that writes gigabytes costs the view nothing more than a short one.
 */
final class OutputTail implements OutputFollower.Sink {
    static final int KEPT = 500;
    static final int LONGEST_LINE = 4096;

    /** One line of output; {@code error}: it came on stderr. */
    record Line(String text, boolean error) {
    }

    private final Deque<Line> lines = new ArrayDeque<>();
    private final StringBuilder outPartial = new StringBuilder();
    private final StringBuilder errPartial = new StringBuilder();
    private final Runnable changed;
    private long written;

    /** @param changed told (on the follower's thread) whenever lines came */
    OutputTail(Runnable changed) {
        this.changed = changed;
    }

    @Override
    public void stdout(String text) {
        add(text, outPartial, false);
    }

    @Override
    public void stderr(String text) {
        add(text, errPartial, true);
    }

    @Override
    public void restarted(long taskId, int attempt) {
        synchronized (this) {
            outPartial.setLength(0);
            errPartial.setLength(0);
            keep(new Line("— task " + taskId + " started again (attempt " + attempt + "); its output starts again —", false));
        }
        changed.run();
    }

    /** The kept lines, oldest first, with what is written of the current line of each stream at the end. */
    synchronized List<Line> lines() {
        List<Line> all = new ArrayList<>(lines);
        if (!outPartial.isEmpty()) {
            all.add(new Line(outPartial.toString(), false));
        }
        if (!errPartial.isEmpty()) {
            all.add(new Line(errPartial.toString(), true));
        }
        return all;
    }

    /** Whether anything at all was written. */
    synchronized boolean empty() {
        return written == 0;
    }

    private void add(String text, StringBuilder partial, boolean error) {
        synchronized (this) {
            written += text.length();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    keep(new Line(partial.toString(), error));
                    partial.setLength(0);
                } else if (c == '\t') {
                    partial.append("    ");
                } else if (printable(c)) {
                    partial.append(c);
                    if (partial.length() >= LONGEST_LINE) {
                        keep(new Line(partial.toString(), error)); // a task that never ends a line still scrolls
                        partial.setLength(0);
                    }
                }
            }
        }
        changed.run();
    }

    /**
     * No control characters reach the screen: a task's output must not be able to move the cursor, clear the view,
     * set the window's title or talk to the terminal (ESC, C1 codes such as the 8-bit CSI, DEL).
     */
    static boolean printable(char c) {
        return c >= ' ' && c != 0x7f && !(c >= 0x80 && c < 0xa0);
    }

    private void keep(Line line) {
        lines.addLast(line);
        while (lines.size() > KEPT) {
            lines.removeFirst();
        }
    }
}

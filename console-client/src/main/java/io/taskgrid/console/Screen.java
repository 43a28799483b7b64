package io.taskgrid.console;

import java.io.PrintWriter;
import java.util.List;

/**
 * A full-screen view that redraws in place, like top(1): it draws on the terminal's alternate screen (so nothing
 * scrolls into the scrollback and the shell's screen comes back at the end), from the top-left corner, each line cut
 * to the terminal's width and the whole cut to its height, so a wrapped line can never push the frame down. Closing
 * it (at the end, or from Ctrl-C's shutdown hook) gives the terminal back and leaves a last line below the prompt.
 */
final class Screen {
    private static final String ESC = "\u001b[";
    private final PrintWriter out;
    private final TerminalSize size;
    private boolean open;

    Screen(PrintWriter out, TerminalSize size) {
        this.out = out;
        this.size = size;
    }

    synchronized void open() {
        out.print(ESC + "?1049h" + ESC + "?25l");
        out.flush();
        open = true;
    }

    /**
     * Draws {@code lines}; when they do not fit the terminal's height, the last row says how many were left out
     * ({@code more} turns that count into a sentence).
     */
    synchronized void draw(List<String> lines, java.util.function.IntFunction<String> more) {
        if (!open) {
            return;
        }
        TerminalSize.Cells cells = size.now();
        StringBuilder frame = new StringBuilder(ESC + "H");
        int rows = cells.rows();
        int shown = lines.size() <= rows ? lines.size() : rows - 1;
        for (int i = 0; i < shown; i++) {
            frame.append(fit(lines.get(i), cells.columns())).append(ESC).append('K');
            if (i < shown - 1 || shown < lines.size()) {
                frame.append("\r\n");
            }
        }
        if (shown < lines.size()) {
            frame.append(fit(more.apply(lines.size() - shown), cells.columns())).append(ESC).append('K');
        }
        frame.append(ESC).append('J');
        out.print(frame);
        out.flush();
    }

    /** Gives the terminal back (its own screen, the cursor) and prints {@code farewell} there. Idempotent. */
    synchronized void close(String farewell) {
        if (!open) {
            return;
        }
        open = false;
        out.print(ESC + "?25h" + ESC + "?1049l");
        out.println(farewell);
        out.flush();
    }

    /** {@code line} cut to {@code columns} visible cells; escape sequences are kept and cost nothing. */
    static String fit(String line, int columns) {
        StringBuilder sb = new StringBuilder(line.length());
        int visible = 0;
        boolean cut = false;
        for (int i = 0; i < line.length(); ) {
            char c = line.charAt(i);
            if (c == '\u001b' && i + 1 < line.length() && line.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < line.length() && (line.charAt(end) < '@' || line.charAt(end) > '~')) {
                    end++;
                }
                end = Math.min(end + 1, line.length());
                sb.append(line, i, end);
                i = end;
                continue;
            }
            int codePoint = line.codePointAt(i);
            int width = Character.isSupplementaryCodePoint(codePoint) ? 2 : 1;
            if (visible + width > columns) {
                cut = true;
                break;
            }
            sb.appendCodePoint(codePoint);
            visible += width;
            i += Character.charCount(codePoint);
        }
        if (cut && sb.indexOf("\u001b[") >= 0) {
            sb.append(ESC).append("0m");
        }
        return sb.toString();
    }
}

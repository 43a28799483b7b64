package io.taskgrid.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for a test, as a person has over an ssh login: a tmux server of its own (its own socket, killed on
 * {@link #close}) with one window of a given size running one command. The test reads what the screen shows and types
 * keys into it.
 */
final class Tmux implements AutoCloseable {
    private final String socket = "taskgrid-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final String window = "w";

    /** Starts {@code command} in a {@code columns}×{@code rows} terminal; the window stays when the command ends. */
    void start(int columns, int rows, List<String> command) throws Exception {
        run("new-session", "-d", "-s", window, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                String.join(" ", quoted(command)));
        run("set-option", "-t", window, "remain-on-exit", "on");
    }

    /** Types keys, in tmux's names: {@code "C-c"}, {@code "Enter"}, {@code "Up"}, or literal text. */
    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", window));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Types {@code text} literally (no key names). */
    void type(String text) throws Exception {
        run("send-keys", "-t", window, "-l", text);
    }

    void resize(int columns, int rows) throws Exception {
        run("resize-window", "-t", window, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    /** How many lines scrolled off the top into the scrollback. */
    int scrolledLines() throws Exception {
        return Integer.parseInt(output("display-message", "-p", "-t", window, "#{history_size}").strip());
    }

    /** The rows the screen shows now, top to bottom. */
    List<String> screen() throws Exception {
        List<String> screen = List.of(output("capture-pane", "-p", "-t", window).split("\n", -1));
        if (!screen.isEmpty() && screen.get(screen.size() - 1).isEmpty()) {
            screen = screen.subList(0, screen.size() - 1); // the output's last newline
        }
        return screen;
    }

    /** The screen once {@code ready} holds, waiting up to 30 s. */
    List<String> awaitScreen(Predicate<List<String>> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> screen = List.of();
        while (System.nanoTime() < deadline) {
            screen = screen();
            if (!screen.isEmpty() && ready.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the terminal never showed what was expected; it showed:\n" + String.join("\n", screen));
    }

    @Override
    public void close() throws Exception {
        run("kill-server");
    }

    private void run(String... args) throws Exception {
        output(args);
    }

    private String output(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + args[0] + " did not end");
        }
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed (is tmux installed?): " + out);
        }
        return out;
    }

    private static List<String> quoted(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList();
    }
}

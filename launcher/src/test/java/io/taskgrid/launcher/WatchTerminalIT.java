package io.taskgrid.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code taskgrid watch} in a real terminal (tmux, as over an ssh login): at 80×24 the header, the totals and the rows fit
 * the width and the screen is redrawn in place (nothing scrolls off), a resize to 200×50 redraws it at the new size, and
 * Ctrl-C ends it with a sentence on a clean line. What the terminal shows is asserted, not only the exit code.
 */
class WatchTerminalIT {
    @TempDir
    Path temp;
    private Launched launched;
    private final String socket = "taskgrid-it-" + ProcessHandle.current().pid();

    @AfterEach
    void stop() throws Exception {
        tmux("kill-server");
        if (launched != null) {
            launched.close();
        }
    }

    @Test
    void watchFitsAnEightyByTwentyFourTerminalFollowsAResizeAndLeavesCleanlyOnCtrlC() throws Exception {
        Map<String, String> env = Map.of("XDG_DATA_HOME", temp.resolve("xdg").toString());
        launched = new Launched(temp, env);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = temp.resolve("data");
        Launched.Running local = launched.start(List.of(), Map.of(), "local", "--port", Integer.toString(port), "--data-dir",
                data.toString());
        local.awaitLine("TaskGrid local is running", 90);
        Path script = data.resolve("shared/nap.sh");
        Files.writeString(script, "#!/bin/sh\nsleep \"$1\"\n");
        script.toFile().setExecutable(true);
        Path runs = temp.resolve("runs.txt");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            lines.append("nap.sh ").append(60 + i).append('\n'); // 4 run, 26 wait: more rows than the screen has
        }
        Files.writeString(runs, lines);
        Map<String, String> console = Map.of("TASKGRID_CONTROLLER", "localhost:" + port);
        Launched.Result submitted = launched.run(List.of(), console, 60, "submit", "--each", runs.toString());
        assertEquals(0, submitted.exitCode(), submitted.output());

        List<String> watch = new ArrayList<>(List.of("env", "HOME=" + temp, "XDG_DATA_HOME=" + env.get("XDG_DATA_HOME"),
                "TASKGRID_CONTROLLER=localhost:" + port, "TERM=xterm-256color"));
        watch.addAll(launched.javaCommand("watch"));
        tmux("new-session", "-d", "-s", "w", "-x", "80", "-y", "24", String.join(" ", quoted(watch)));
        tmux("set-option", "-t", "w", "remain-on-exit", "on");

        List<String> small = awaitScreen(s -> s.get(0).startsWith("TaskGrid") && s.stream().anyMatch(l -> l.contains("running")));
        assertTrue(small.get(0).contains("4 running"), String.join("\n", small));
        assertTrue(small.stream().allMatch(l -> l.length() <= 80), "a line is wider than 80 columns:\n" + String.join("\n", small));
        assertEquals(24, small.size());
        Thread.sleep(2_500); // two redraws (one a second): they must draw in place
        assertEquals("0", tmuxOut("display-message", "-p", "-t", "w", "#{history_size}").strip(), "the redraw scrolled");

        tmux("resize-window", "-t", "w", "-x", "200", "-y", "50");
        List<String> large = awaitScreen(s -> s.size() == 50 && s.get(0).startsWith("TaskGrid")
                && s.stream().filter(l -> l.contains("nap.sh")).count() > 24);
        assertTrue(large.stream().allMatch(l -> l.length() <= 200), String.join("\n", large));

        tmux("send-keys", "-t", "w", "C-c");
        List<String> ended = awaitScreen(s -> s.stream().anyMatch(l -> l.startsWith("Stopped watching")));
        assertTrue(ended.stream().noneMatch(l -> l.contains("^CStopped")), "the farewell is glued to ^C:\n" + String.join("\n", ended));
    }

    /** The screen once {@code ready} holds, waiting up to 30 s. */
    private List<String> awaitScreen(Predicate<List<String>> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> screen = List.of();
        while (System.nanoTime() < deadline) {
            screen = List.of(tmuxOut("capture-pane", "-p", "-t", "w").split("\n", -1));
            if (!screen.isEmpty() && screen.get(screen.size() - 1).isEmpty()) {
                screen = screen.subList(0, screen.size() - 1); // the output's last newline
            }
            if (!screen.isEmpty() && ready.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the terminal never showed what was expected; it showed:\n" + String.join("\n", screen));
    }

    private void tmux(String... args) throws Exception {
        tmuxOut(args);
    }

    private String tmuxOut(String... args) throws IOException, InterruptedException {
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

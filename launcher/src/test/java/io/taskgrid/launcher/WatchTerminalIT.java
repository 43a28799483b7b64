package io.taskgrid.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private final Tmux tmux = new Tmux();

    @AfterEach
    void stop() throws Exception {
        tmux.close();
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
        Files.writeString(script, "#!/bin/sh\necho \"napping for $1 s\"\nsleep \"$1\"\n");
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
        tmux.start(80, 24, watch);

        List<String> small = tmux.awaitScreen(s -> s.get(0).startsWith("TaskGrid") && s.stream().anyMatch(l -> l.contains("running")));
        assertTrue(small.get(0).contains("4 running"), String.join("\n", small));
        assertTrue(small.stream().allMatch(l -> l.length() <= 80), "a line is wider than 80 columns:\n" + String.join("\n", small));
        assertEquals(24, small.size());
        Thread.sleep(2_500); // two redraws (one a second): they must draw in place
        assertEquals(0, tmux.scrolledLines(), "the redraw scrolled");

        tmux.resize(200, 50);
        List<String> large = tmux.awaitScreen(s -> s.size() == 50 && s.get(0).startsWith("TaskGrid")
                && s.stream().filter(l -> l.contains("nap.sh")).count() > 24);
        assertTrue(large.stream().allMatch(l -> l.length() <= 200), String.join("\n", large));

        // Enter opens the selected (first running) task with its output as it is written; Esc goes back.
        tmux.keys("Enter");
        List<String> detail = tmux.awaitScreen(s -> s.stream().anyMatch(l -> l.startsWith("Task "))
                && s.stream().anyMatch(l -> l.startsWith("napping for 6")));
        assertTrue(detail.get(detail.size() - 1).startsWith("Esc back"), String.join("\n", detail));
        tmux.keys("Escape");
        tmux.awaitScreen(s -> s.get(1).contains("ID") && s.get(1).contains("STATE"));

        // / filters: only the task of project "lonely" is left; c asks, y cancels it.
        Launched.Result lonely = launched.run(List.of(), console, 60, "submit", "--project", "lonely", script.toString(), "99");
        assertEquals(0, lonely.exitCode(), lonely.output());
        tmux.type("/lonely");
        tmux.keys("Enter");
        List<String> filtered = tmux.awaitScreen(s -> s.get(0).contains("filter \"lonely\": 1 shown"));
        assertEquals(1, filtered.stream().filter(l -> l.contains("nap.sh")).count(), String.join("\n", filtered));
        tmux.type("c");
        tmux.awaitScreen(s -> s.get(s.size() - 1).matches("Cancel task \\d+ \\(nap\\.sh, queued\\)\\? y/n.*"));
        tmux.type("y");
        tmux.awaitScreen(s -> s.stream().anyMatch(l -> l.matches("Task \\d+ cancelled\\..*")));
        Launched.Result history = launched.run(List.of(), console, 60, "history", "--state", "cancelled");
        assertTrue(history.output().contains("lonely"), history.output());

        tmux.keys("C-c");
        List<String> ended = tmux.awaitScreen(s -> s.stream().anyMatch(l -> l.startsWith("Stopped watching")));
        assertTrue(ended.stream().noneMatch(l -> l.contains("^CStopped")), "the farewell is glued to ^C:\n" + String.join("\n", ended));
    }
}

package io.taskgrid.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
    private BusyLocal busy;
    private final Tmux tmux = new Tmux();

    @AfterEach
    void stop() throws Exception {
        tmux.close();
        if (busy != null) {
            busy.close();
        }
    }

    @Test
    void watchFitsAnEightyByTwentyFourTerminalFollowsAResizeAndLeavesCleanlyOnCtrlC() throws Exception {
        // 30 tasks on 4 slots: 4 run, 26 wait, more rows than the screen has.
        busy = BusyLocal.start(temp, "nap.sh", "#!/bin/sh\necho \"napping for $1 s\"\nsleep \"$1\"\n",
                IntStream.range(0, 30).mapToObj(i -> Integer.toString(60 + i)).toList());
        Launched launched = busy.launched();
        int port = busy.port();
        Path script = busy.data().resolve("shared/nap.sh");
        Map<String, String> console = busy.console();

        List<String> watch = new ArrayList<>(List.of("env", "HOME=" + temp, "XDG_DATA_HOME=" + temp.resolve("xdg"),
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

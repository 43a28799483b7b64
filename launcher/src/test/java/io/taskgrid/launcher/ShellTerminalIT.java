package io.taskgrid.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code taskgrid shell} in a real 80×24 terminal (tmux, as over an ssh login) against a real {@code taskgrid local}:
 * Tab completes a command and lists task ids, a command's table shows, the bottom row carries the grid's figures,
 * Ctrl-C stops {@code logs -f} and leaves the shell at its prompt, Ctrl-D leaves, and the next shell recalls the
 * previous one's line with Up. What the terminal shows is asserted.
 */
class ShellTerminalIT {
    @TempDir
    Path temp;
    private BusyLocal busy;
    private Launched launched;
    private final Tmux first = new Tmux();
    private final Tmux second = new Tmux();

    @AfterEach
    void stop() throws Exception {
        first.close();
        second.close();
        if (busy != null) {
            busy.close();
        }
    }

    @Test
    void completesShowsTheGridStopsACommandOnCtrlCAndRemembersLinesAcrossSessions() throws Exception {
        // 6 tasks on 2 agents of 2 slots: 4 run, 2 wait.
        busy = BusyLocal.start(temp, "tick.sh",
                "#!/bin/sh\ni=0\nwhile [ $i -lt \"$1\" ]; do echo \"tick $i\"; i=$((i+1)); sleep 1; done\n",
                IntStream.range(0, 6).mapToObj(i -> Integer.toString(300 + i)).toList());
        launched = busy.launched();
        int port = busy.port();

        first.start(80, 24, shell(port));
        String figures = "localhost:" + port + " · 4 running · 2 queued · 2 agents";
        List<String> start = first.awaitScreen(s -> s.get(s.size() - 1).startsWith(figures) && hasRow(s, "taskgrid>"));
        assertEquals(24, start.size());

        first.type("hist");
        first.keys("Tab");
        first.awaitScreen(s -> hasRow(s, "taskgrid> history"));
        first.keys("Enter");
        List<String> table = first.awaitScreen(s -> hasRow(s, "  ID  PROJECT") && s.stream().filter(l -> l.contains("tick.sh")).count() >= 6);
        assertTrue(table.get(table.size() - 1).startsWith("localhost:" + port), "the status line is back on the bottom row:\n" + text(table));

        first.type("show ");
        first.keys("Tab");
        // The ids, newest first, each with its program and state: "6  (tick.sh · queued)   4 (tick.sh · running) …"
        List<String> ids = first.awaitScreen(s -> s.stream().anyMatch(l -> l.matches("^6\\s+\\(tick\\.sh · queued\\).*")));
        assertTrue(ids.stream().anyMatch(l -> l.contains(" 1 (tick.sh · running)")), "ids 1 to 6 are offered:\n" + text(ids));
        first.keys("C-c"); // at the prompt: drops the line, the shell stays
        first.awaitScreen(ShellTerminalIT::lastPromptIsEmpty);
        first.type("logs -f 1");
        first.keys("Enter");
        first.awaitScreen(s -> hasRow(s, "tick 3"));
        first.keys("C-c");
        List<String> stopped = first.awaitScreen(s -> hasRow(s, "Stopped following task 1") && lastPromptIsEmpty(s));
        assertTrue(stopped.stream().noneMatch(l -> l.contains("^CStopped")), "the sentence is glued to ^C:\n" + text(stopped));
        first.type("agents");
        first.keys("Enter");
        first.awaitScreen(s -> hasRow(s, "taskgrid> agents") && s.stream().anyMatch(l -> l.startsWith("ID ") && l.contains("SLOTS"))
                && lastPromptIsEmpty(s));
        first.keys("C-d");
        List<String> ended = first.awaitScreen(s -> hasRow(s, "shell ended with"));
        assertTrue(hasRow(ended, "shell ended with 0"), text(ended));
        assertTrue(ended.stream().noneMatch(l -> l.startsWith(figures.substring(0, figures.indexOf('·')))),
                "the status line stays behind after the shell ended:\n" + text(ended));

        second.start(80, 24, shell(port));
        second.awaitScreen(s -> hasRow(s, "taskgrid>") && s.get(s.size() - 1).startsWith("localhost:" + port + " · "));
        second.keys("Up");
        second.awaitScreen(s -> hasRow(s, "taskgrid> agents"));
        Path history = temp.resolve("state/taskgrid/shell_history");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
    }

    /**
     * The shell under a POSIX shell that outlives Ctrl-C (as a login shell over ssh does) and then says the exit code:
     * tmux cannot always tell the exit code of a window's own command.
     */
    private List<String> shell(int port) {
        List<String> command = new ArrayList<>(List.of("env", "HOME=" + temp, "XDG_DATA_HOME=" + temp.resolve("xdg"),
                "XDG_STATE_HOME=" + temp.resolve("state"),
                "TASKGRID_CONTROLLER=localhost:" + port, "TERM=xterm-256color"));
        command.addAll(launched.javaCommand("shell"));
        String quoted = command.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        return List.of("sh", "-c", "trap : INT; " + quoted + "; echo \"shell ended with $?\"");
    }

    private static boolean hasRow(List<String> screen, String start) {
        return screen.stream().anyMatch(l -> l.startsWith(start));
    }

    /** The last prompt on the screen waits for a line: the shell is back and alive. */
    private static boolean lastPromptIsEmpty(List<String> screen) {
        for (int i = screen.size() - 1; i >= 0; i--) {
            if (screen.get(i).startsWith("taskgrid")) {
                return screen.get(i).strip().endsWith(">");
            }
        }
        return false;
    }

    private static String text(List<String> screen) {
        return String.join("\n", screen);
    }
}

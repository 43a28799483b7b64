package io.taskgrid.console;

import io.taskgrid.api.task.TaskState;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.taskgrid.console.FakeController.T0;
import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchLayoutTest {
    private final Instant now = T0.plusSeconds(60);
    private final WatchLayout layout = new WatchLayout(new TaskText(Clock.fixed(now, ZoneOffset.UTC), new Style(false)), "localhost:1099");
    private final WatchState state = new WatchState();
    private final OutputTail output = new OutputTail(() -> { });

    private List<String> screen(int columns, int rows) {
        return layout.rows(state, output, columns, rows, now).stream().map(AttributedString::toString).toList();
    }

    @Test
    void everyRowFitsAndTheTitleAndKeysStayInViewWhenTheTableScrolls() {
        for (long id = 1; id <= 30; id++) {
            state.apply(task(id, TaskState.QUEUED).program("a-rather-long-program-name-" + id + ".py").build());
        }
        for (int i = 0; i < 25; i++) {
            state.press(WatchKey.DOWN, "");
        }
        List<String> rows = screen(40, 10);
        assertEquals(10, rows.size());
        rows.forEach(r -> assertTrue(r.length() <= 40, "cut to 40 columns: '" + r + "'"));
        assertTrue(rows.get(0).startsWith("TaskGrid 12:01:00  0 running, 30 queued"), rows.get(0));
        assertTrue(rows.get(1).contains("ID") && rows.get(1).contains("STATE"), rows.get(1));
        assertTrue(rows.get(8).contains(" 26 "), "the selected task 26 is the last row in view: " + rows);
        assertTrue(rows.get(9).startsWith("↑↓ move"), rows.get(9));
    }

    @Test
    void theSelectedRowIsDrawnInReverse() {
        state.apply(task(1, TaskState.RUNNING).build());
        state.apply(task(2, TaskState.RUNNING).build());
        state.press(WatchKey.DOWN, "");
        List<AttributedString> rows = layout.rows(state, output, 80, 6, now);
        assertTrue(rows.get(3).toString().contains("2") && rows.get(3).styleAt(0).equals(AttributedStyle.INVERSE), rows.get(3).toAnsi());
        assertTrue(!rows.get(2).styleAt(0).equals(AttributedStyle.INVERSE));
    }

    @Test
    void theDetailShowsTheLatestOutputWithErrorsInRedAndNoControlCharacters() {
        state.apply(task(7, TaskState.RUNNING).program("talk.sh").agentId("node2").startedAt(T0).build());
        state.press(WatchKey.ENTER, "");
        for (int i = 1; i <= 40; i++) {
            output.stdout("line " + i + "\n");
        }
        output.stderr("oops \u001b[2J\u001b]0;owned\u0007\u009b2Jhere\n");
        List<AttributedString> rows = layout.rows(state, output, 60, 12, now);
        List<String> text = rows.stream().map(AttributedString::toString).toList();
        assertTrue(text.get(1).startsWith("Task 7  ∑ running  talk.sh"), text.get(1));
        assertTrue(text.contains("line 40"), "the newest lines are in view: " + text);
        assertTrue(!text.contains("line 1"), "the oldest are not: " + text);
        String error = text.stream().filter(l -> l.startsWith("oops")).findFirst().orElseThrow();
        assertEquals("oops [2J]0;owned2Jhere", error, "a task's output cannot drive the terminal");
        AttributedString errorRow = rows.get(text.indexOf(error));
        assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED), errorRow.styleAt(0));
        assertEquals(WatchLayout.DETAIL_KEYS, text.get(11));
    }

    @Test
    void theBottomRowAsksBeforeCancellingAndShowsTheFilterBeingTyped() {
        state.apply(task(3, TaskState.RUNNING).program("sim.py").build());
        state.press(WatchKey.CANCEL, "c");
        assertEquals("Cancel task 3 (sim.py, running)? y/n", screen(80, 5).get(4));
        state.press(WatchKey.NO, "n");
        state.press(WatchKey.FILTER, "/");
        state.press(WatchKey.TEXT, "zz");
        List<String> rows = screen(80, 5);
        assertTrue(rows.get(4).startsWith("Filter: zz_"), rows.get(4));
        assertTrue(rows.get(2).contains("No running or queued task matches \"zz\""), rows.toString());
    }
}

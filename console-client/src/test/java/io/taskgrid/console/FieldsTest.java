package io.taskgrid.console;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code show} prints, fitted to an 80-column terminal: long values break at spaces under the value column. */
class FieldsTest {
    private static final String MESSAGE = "Array 1 has a task that did not succeed (1.5 failed), so this one will not run.";

    @Test
    void aLongValueBreaksAtSpacesUnderItsColumnAndOutputLinesStayWhole() {
        Fields fields = new Fields();
        fields.row("message", MESSAGE);
        String output = "x".repeat(100) + " y";
        List<String> lines = new java.util.ArrayList<>(fields.lines);
        lines.add("--- output (stdout) ---");
        lines.add("  " + "an output line that happens to look like a row of fields " + output);

        List<String> fitted = Fields.fitted(lines, 80);
        assertEquals("  message       Array 1 has a task that did not succeed (1.5 failed), so this", fitted.get(0));
        assertEquals("                one will not run.", fitted.get(1));
        for (String line : fitted.subList(0, 2)) {
            assertTrue(line.length() <= 80, line);
        }
        assertEquals(lines.get(2), fitted.get(3), "the program's output is its own");
        assertEquals(lines.get(1), fitted.get(2));
    }

    @Test
    void withoutATerminalLinesAreLeftWhole() {
        Fields fields = new Fields();
        fields.row("message", MESSAGE);
        assertEquals(fields.lines, Fields.fitted(fields.lines, 0));
    }
}

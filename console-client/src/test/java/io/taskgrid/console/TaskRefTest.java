package io.taskgrid.console;

import io.taskgrid.client.InputRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskRefTest {
    @Test
    void aPlainIdNamesATaskOrAWholeArray() {
        TaskRef ref = TaskRef.parse("42");
        assertEquals(new TaskRef(42, null), ref);
        assertFalse(ref.member());
        assertEquals("42", ref.toString());
        assertEquals(new TaskRef(42, null), TaskRef.parse(" 42 "), "spaces around it, as a shell may leave them");
    }

    @Test
    void arrayDotIndexNamesOneMember() {
        TaskRef ref = TaskRef.parse("42.7");
        assertEquals(new TaskRef(42, 7), ref);
        assertTrue(ref.member());
        assertEquals("42.7", ref.toString());
        assertEquals(new TaskRef(42, 0), TaskRef.parse("42.0"), "indexes start at 0 (--array 0-99)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "42.", ".7", "42.7.1", "42,7", "-3", "42.x", "", "4 2", "1234567890123456789012"})
    void anythingElseIsRefusedWithBothForms(String word) {
        InputRefusedException e = assertThrows(InputRefusedException.class, () -> TaskRef.parse(word));
        assertTrue(e.getMessage().contains("is not a task id: write a whole number like 42, or ARRAY.INDEX like 42.7"),
                e.getMessage());
    }

    @Test
    void zeroIsRefusedAsIdsStartAtOne() {
        InputRefusedException e = assertThrows(InputRefusedException.class, () -> TaskRef.parse("0"));
        assertEquals("'0' is not a task id: ids start at 1 (see `taskgrid history`).", e.getMessage());
        assertThrows(InputRefusedException.class, () -> TaskRef.parse("0.3"));
    }
}

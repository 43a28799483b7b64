package io.taskgrid.controller.history;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextIndexTest {
    @Test
    void asksTheIndexForTrigramsSpreadOverALongText() {
        assertEquals("\"abc\"", TextIndex.query("abc"));
        assertEquals("\"a\"\"b\" AND \"\"\"b\"\"\"", TextIndex.query("a\"b\""), "quotes doubled");
        assertEquals("\"ab\u00e9\" AND \"b\u00e9\ud83d\ude00\"", TextIndex.query("ab\u00e9\ud83d\ude00"), "characters, not chars");
        String path = "/shared/programs/nightly/render-frames-for-the-weather-model.py";
        String query = TextIndex.query(path);
        assertEquals(8, query.split(" AND ").length, query);
        assertTrue(query.startsWith("\"/sh\" AND ") && query.endsWith(" AND \".py\""), query);
    }

    @Test
    void findsTextsOfThreeCharactersOrMoreCountingCharactersNotChars() {
        assertTrue(TextIndex.canFind("abc"));
        assertFalse(TextIndex.canFind("ab"));
        assertFalse(TextIndex.canFind("a\ud83d\ude00"), "two characters in three chars");
        assertTrue(TextIndex.canFind("\u00e9t\u00e9"));
    }
}

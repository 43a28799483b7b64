package io.taskgrid.controller.history;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ColumnValuesTest {
    @Test
    void instantsKeepTheirNanosecondsOnBothSidesOfTheEpoch() {
        for (String t : List.of("1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "2024-01-02T03:04:05.000000001Z",
                "2262-04-11T23:47:16.854775807Z")) {
            Instant instant = Instant.parse(t);
            assertEquals(instant, ColumnValues.instant(ColumnValues.nanos(instant)), t);
        }
        assertEquals(-1L, ColumnValues.nanos(Instant.parse("1969-12-31T23:59:59.999999999Z")));
        assertNull(ColumnValues.nanos(null));
        assertNull(ColumnValues.instant(null));
    }

    @Test
    void argumentsKeepTheirOrderEmptyOnesAndAnyCharacter() {
        for (List<String> args : List.of(List.<String>of(), List.of(""), List.of("a b", "", "ü", "\0", "\ud83d\ude00"))) {
            assertEquals(args, ColumnValues.decode(ColumnValues.encode(args)));
        }
    }

    @Test
    void variablesKeepTheirOrderAndAnEqualsSignInTheValue() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("Z", "1");
        variables.put("PATH", "/bin:/usr/bin");
        variables.put("OPTS", "a=b=c");
        variables.put("EMPTY", "");
        Map<String, String> back = ColumnValues.decodeVariables(ColumnValues.encodeVariables(variables));
        assertEquals(variables, back);
        assertEquals(List.copyOf(variables.keySet()), List.copyOf(back.keySet()));
        assertEquals(Map.of(), ColumnValues.decodeVariables(ColumnValues.encodeVariables(Map.of())));
    }
}

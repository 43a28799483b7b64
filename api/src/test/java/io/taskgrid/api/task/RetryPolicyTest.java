package io.taskgrid.api.task;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {
    @Test
    void noRetriesIsNoneAndCoversNothingWorthRetrying() {
        assertSame(RetryPolicy.NONE, RetryPolicy.of(0, null, null));
        assertFalse(RetryPolicy.NONE.enabled());
        assertEquals("none", RetryPolicy.NONE.inWords());
    }

    @Test
    void exitCodesAreReadSortedAndDistinctAndAnEmptyListMeansAnyNonZeroCode() {
        RetryPolicy some = RetryPolicy.of(3, Duration.ofSeconds(30), RetryPolicy.parseExitCodes("137, 75,75"));
        assertEquals(List.of(75, 137), some.onExit());
        assertTrue(some.coversExitCode(75));
        assertFalse(some.coversExitCode(1));
        assertEquals("up to 3 retries, 30 s apart, on exit codes 75, 137", some.inWords());
        RetryPolicy any = RetryPolicy.of(1, Duration.ZERO, List.of());
        assertTrue(any.coversExitCode(1));
        assertFalse(any.coversExitCode(0), "a success is never retried");
        assertEquals("up to 1 retry, at once, on any non-zero exit code", any.inWords());
    }

    @Test
    void outOfRangeFiguresAreRefusedWithASentenceNamingTheOption() {
        assertTrue(RetryPolicy.problem(101, Duration.ZERO, List.of()).orElseThrow().contains("--retries 0 to 100"));
        assertTrue(RetryPolicy.problem(-1, Duration.ZERO, List.of()).isPresent());
        assertTrue(RetryPolicy.problem(3, Duration.ofHours(25), List.of()).orElseThrow().contains("--retry-delay"));
        assertTrue(RetryPolicy.problem(3, Duration.ofSeconds(-1), List.of()).isPresent());
        assertTrue(RetryPolicy.problem(3, Duration.ZERO, List.of(0)).orElseThrow().contains("--retry-on-exit"));
        assertTrue(RetryPolicy.problem(3, Duration.ZERO, List.of(256)).isPresent());
        assertTrue(RetryPolicy.problem(0, Duration.ofSeconds(5), List.of()).orElseThrow().contains("add --retries"));
        assertTrue(RetryPolicy.problem(100, Duration.ofDays(1), List.of(1, 255)).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetryPolicy.parseExitCodes("75,x"));
        assertTrue(e.getMessage().startsWith("'x' is not an exit code"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.parseExitCodes("300"));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.parseExitCodes(""));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(3, Duration.ofDays(2), List.of()));
    }
}

package io.taskgrid.client.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {
    @Test
    void reconnectionPausesDoubleFromHalfASecondUpToFiveSeconds() {
        assertEquals(java.util.List.of(500L, 1000L, 2000L, 4000L, 5000L, 5000L),
                IntStream.range(0, 6).mapToObj(n -> Backoff.RECONNECT.pause(n).toMillis()).toList());
    }

    @Test
    void manyFailuresStayAtTheMaximumWithoutOverflowing() {
        assertEquals(Duration.ofSeconds(5), Backoff.RECONNECT.pause(Integer.MAX_VALUE));
    }

    @Test
    void aMaximumBelowTheFirstPauseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    }

    @Test
    void pausesReadAsSeconds() {
        assertEquals("0.5 s", Backoff.inWords(Duration.ofMillis(500)));
        assertEquals("5 s", Backoff.inWords(Duration.ofSeconds(5)));
    }
}

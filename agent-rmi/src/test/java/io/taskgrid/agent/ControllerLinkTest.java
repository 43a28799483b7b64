package io.taskgrid.agent;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.rmi.NotBoundException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ControllerLinkTest {

    @Test
    void backsOffOneTwoFourEightThenFifteenSeconds() {
        long[] expected = {1, 2, 4, 8, 15, 15, 15};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Duration.ofSeconds(expected[i]), ControllerLink.backoff(i), "attempt " + i);
        }
        assertEquals(Duration.ofSeconds(15), ControllerLink.backoff(1000));
    }

    @Test
    void namesTheInnermostReason() {
        var e = new java.rmi.ConnectException("Connection refused to host: 127.0.0.1; nested exception is: ...",
                new ConnectException("Connection refused"));
        assertEquals("Connection refused", ControllerLink.reason(e));
        assertEquals("no TaskGrid controller is bound there", ControllerLink.reason(new NotBoundException("taskgrid/controller")));
        assertEquals("IllegalStateException", ControllerLink.reason(new IllegalStateException()));
    }
}

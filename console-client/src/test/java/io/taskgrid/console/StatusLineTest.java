package io.taskgrid.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class StatusLineTest {
    final AtomicInteger reports = new AtomicInteger();
    final BlockingQueue<String> shown = new LinkedBlockingQueue<>();

    @Test
    void itRefreshesOnItsOwnThreadPausesWhileACommandRunsAndStopsOnClose() throws Exception {
        StatusLine line = new StatusLine(() -> "report " + reports.incrementAndGet() + " on " + Thread.currentThread().getName(),
                shown::add, Duration.ofMillis(50));
        line.start();
        assertEquals("report 1 on taskgrid-shell-status", shown.poll(5, TimeUnit.SECONDS));

        line.pause();
        int before = reports.get();
        shown.poll(200, TimeUnit.MILLISECONDS); // a refresh already under way may still be shown
        shown.clear();
        // Six periods without a refresh: waiting for something not to happen needs a time.
        assertNull(shown.poll(300, TimeUnit.MILLISECONDS), "it refreshed while a command ran");
        assertFalse(reports.get() > before + 1, "it kept asking the controller while a command ran");

        line.resume();
        assertNotNull(shown.poll(5, TimeUnit.SECONDS), "back at the prompt it refreshes");

        line.close();
        line.close(); // twice is harmless
        shown.clear();
        assertNull(shown.poll(300, TimeUnit.MILLISECONDS));
    }
}

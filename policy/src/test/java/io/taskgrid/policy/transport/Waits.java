package io.taskgrid.policy.transport;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/** Waiting on a condition, polled every 50 ms, instead of sleeping a fixed time. */
public final class Waits {
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Waits() {
    }

    public static void until(Duration timeout, Condition condition, String what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                fail("Waited " + timeout.toSeconds() + " s for " + what + ".");
            }
            Thread.sleep(50);
        }
    }
}

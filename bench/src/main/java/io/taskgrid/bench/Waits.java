package io.taskgrid.bench;

import java.time.Duration;

/** Bounded waits for conditions observed from outside (another JVM), with a message that says what did not happen. */
final class Waits {
    interface Condition {
        boolean holds() throws Exception;
    }

    private Waits() {
    }

    static void until(Duration timeout, String what, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        try {
            while (!condition.holds()) {
                if (System.nanoTime() > deadline) {
                    throw new BenchException("Gave up waiting " + timeout.toSeconds() + " s for " + what + ".");
                }
                Thread.sleep(pause);
                pause = Math.min(50, pause * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("Interrupted while waiting for " + what, e);
        } catch (BenchException e) {
            throw e;
        } catch (Exception e) {
            throw new BenchException("Checking for " + what + " failed: " + e.getMessage(), e);
        }
    }
}

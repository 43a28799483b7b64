package io.taskgrid.client.session;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits on a condition for tests of threads, with a sentence when it does not come. */
final class Waits {
    private Waits() {
    }

    /** Polls {@code condition} until it holds, at most 10 s. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within 10 s");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}

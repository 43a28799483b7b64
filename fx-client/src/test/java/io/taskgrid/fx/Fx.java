package io.taskgrid.fx;

import org.testfx.util.WaitForAsyncUtils;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/** Reading the window's state on the FX thread and bounded waits with a sentence, for the window tests. */
final class Fx {
    private Fx() {
    }

    /** Runs {@code read} on the FX thread and returns its result. */
    static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        await(what, 20, condition);
    }

    static void await(String what, int seconds, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> Optional.ofNullable(condition.call()).orElse(false));
        } catch (TimeoutException e) {
            fail("Waited " + seconds + " s for: " + what);
        }
    }
}

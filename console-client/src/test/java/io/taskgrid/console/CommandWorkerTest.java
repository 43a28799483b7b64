package io.taskgrid.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandWorkerTest {
    final CommandWorker worker = new CommandWorker(Duration.ofSeconds(5));

    @Test
    void aCommandRunsOnANamedThreadAndGivesItsResult() {
        assertEquals(Optional.of("taskgrid-shell-command"), worker.run(() -> Thread.currentThread().getName()));
    }

    @Test
    void ctrlCInterruptsTheCommandWhichEndsInItsOwnWords() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Thread ctrlC = new Thread(() -> {
            try {
                started.await();
                worker.interrupt();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ctrlC.start();

        Optional<String> result = worker.run(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
                return "slept";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });

        assertEquals(Optional.of("interrupted"), result);
        ctrlC.join();
    }

    @Test
    void aCommandDeafToInterruptsIsLeftBehindAfterTheGrace() throws Exception {
        CommandWorker quick = new CommandWorker(Duration.ofMillis(200));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread ctrlC = new Thread(() -> {
            try {
                started.await();
                quick.interrupt();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ctrlC.start();

        Optional<String> result = quick.run(() -> {
            started.countDown();
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        return "done";
                    }
                } catch (InterruptedException deaf) {
                    // as a call to the controller: it does not heed interrupts
                }
            }
        });

        assertTrue(result.isEmpty());
        release.countDown();
        ctrlC.join();
    }

    @Test
    void anUnexpectedFailureReachesTheShell() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> worker.run(() -> {
            throw new ArithmeticException("boom");
        }));
        assertTrue(e.getCause() instanceof ArithmeticException);
    }
}

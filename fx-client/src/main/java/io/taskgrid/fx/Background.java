package io.taskgrid.fx;

import io.taskgrid.client.ClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs remote work off the FX thread and its outcome back on it. Tests pass a same-thread executor for
 * both, which makes view models plain synchronous objects.
 */
final class Background {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);
    private final Executor worker;
    private final Executor ui;

    Background(Executor worker, Executor ui) {
        this.worker = worker;
        this.ui = ui;
    }

    <T> void run(Supplier<T> work, Consumer<T> onSuccess, Consumer<String> onFailure) {
        try {
            worker.execute(() -> {
                T result;
                try {
                    result = work.get();
                } catch (ClientException e) {
                    ui.execute(() -> onFailure.accept(e.getMessage()));
                    return;
                } catch (RuntimeException e) {
                    LOG.error("Unexpected failure in background work", e);
                    ui.execute(() -> onFailure.accept("Something went wrong: " + e + ". The log has the details."));
                    return;
                }
                ui.execute(() -> onSuccess.accept(result));
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Window closing; background work dropped");
        }
    }

    void ui(Runnable r) {
        ui.execute(r);
    }
}

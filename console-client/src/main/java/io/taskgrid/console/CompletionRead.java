package io.taskgrid.console;

import io.taskgrid.client.ClientException;
import io.taskgrid.client.session.ControllerGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Something completion reads from the controller (the newest tasks, the connected agents). Read on a thread of its own
 * ("taskgrid-shell-completion") and kept for {@link #FRESH_FOR}; a key press waits for a fresh read at most
 * {@code patience}, then completes from what it had (or nothing), so Tab never hangs on a slow or absent controller and
 * never prints its errors into the line.
 *
 * @param <T> what is read
 */
final class CompletionRead<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionRead.class);
    /** How long a read is used before it is read again. */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private record Read<T>(T value, Instant at) {
    }

    private final String what;
    private final Supplier<ControllerGateway> gateway;
    private final Function<ControllerGateway, T> read;
    private final T none;
    private final Clock clock;
    private final Duration patience;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "taskgrid-shell-completion");
        t.setDaemon(true);
        return t;
    });
    private Read<T> last; // guarded by this
    private Future<Read<T>> reading; // guarded by this

    /**
     * @param what     what is read, for the log: "the history", "the agents"
     * @param gateway  the shell's session, opened without asking anybody (a {@link ClientException} when it cannot be)
     * @param read     the call to the controller
     * @param none     what there is to complete from before the first read, and after a failed one
     * @param patience how long a key press waits for a fresh read
     */
    CompletionRead(String what, Supplier<ControllerGateway> gateway, Function<ControllerGateway, T> read, T none, Clock clock,
                   Duration patience) {
        this.what = Objects.requireNonNull(what, "what");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.read = Objects.requireNonNull(read, "read");
        this.none = Objects.requireNonNull(none, "none");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.patience = Objects.requireNonNull(patience, "patience");
        this.last = new Read<>(none, Instant.MIN);
    }

    /** Fresh if the controller answers within the patience, else the last read. */
    T get() {
        Future<Read<T>> pending;
        synchronized (this) {
            if (clock.instant().isBefore(last.at().plus(FRESH_FOR))) {
                return last.value();
            }
            if (reading == null || reading.isDone()) {
                reading = reader.submit(this::read);
            }
            pending = reading;
        }
        try {
            return pending.get(patience.toMillis(), TimeUnit.MILLISECONDS).value();
        } catch (TimeoutException e) {
            LOG.debug("{} did not come within {}; completing from the last read.", what, patience);
        } catch (ExecutionException e) {
            LOG.debug("Could not read {} for completion.", what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return last.value();
        }
    }

    /** Reads and keeps the answer, also when the key press that asked no longer waits. */
    private Read<T> read() {
        Read<T> answer;
        try (ControllerGateway g = gateway.get()) {
            answer = new Read<>(read.apply(g), clock.instant());
        } catch (ClientException e) {
            // Nothing to complete from (no controller, not an administrator); the status line says why it does not answer.
            LOG.debug("No {} for completion: {}", what, e.getMessage());
            answer = new Read<>(none, clock.instant());
        }
        synchronized (this) {
            last = answer;
        }
        return answer;
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}

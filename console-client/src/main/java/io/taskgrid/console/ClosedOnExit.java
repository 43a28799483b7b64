package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.client.session.ForwardingGateway;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A command's session that is also closed when the JVM stops before the command closes it itself (Ctrl-C during
 * {@code watch} or {@code submit --wait}, a kill): the controller then drops this client from {@code clients} at once
 * rather than when its lease runs out. While the session is open a shutdown hook ("taskgrid-session-close") is
 * registered; {@link #close()} removes it. Once the hook closed the session, a call the command still makes waits for
 * the JVM to stop instead of failing with a stale "session ended" while the terminal is being given back.
 */
final class ClosedOnExit extends ForwardingGateway {
    /** How long the hook waits for the controller to take the close (the JVM stops then in any case). */
    static final Duration CLOSE_WITHIN = Duration.ofSeconds(2);

    private volatile ControllerGateway session;
    private final Thread hook = new Thread(this::closeOnExit, "taskgrid-session-close");
    private volatile boolean stopping;

    private ClosedOnExit() {
    }

    /**
     * Opens a session with the hook in place before it: Ctrl-C while it opens closes it too, as soon as it is open.
     * When the JVM is already stopping, the session is closed at once and calls wait for the stop.
     */
    static ControllerGateway open(Supplier<ControllerGateway> opener) {
        ClosedOnExit g = new ClosedOnExit();
        try {
            Runtime.getRuntime().addShutdownHook(g.hook);
        } catch (IllegalStateException alreadyStopping) {
            g.stopping = true; // opened (a reconnection) while Ctrl-C stops the JVM: not a session to keep
        }
        ControllerGateway opened;
        try {
            opened = Objects.requireNonNull(opener.get(), "session");
        } catch (RuntimeException e) {
            g.removeHook();
            throw e;
        }
        g.session = opened;
        if (g.stopping) {
            // The hook ran while the session was being opened, or could not be added: close it here.
            g.closeWithin();
        }
        return g;
    }

    /** The hook's work: close the session, if one is open yet. */
    private void closeOnExit() {
        stopping = true;
        if (session != null) {
            closeWithin();
        }
    }

    /** Closes the session, waiting at most {@link #CLOSE_WITHIN} for the controller (the JVM stops then in any case). */
    private void closeWithin() {
        ControllerGateway s = session;
        Thread closer = new Thread(s::close, "taskgrid-session-close-call");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_WITHIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM stops once its hooks are done; nothing this command could still say would be seen. */
    private static void awaitExit() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ControllerUnreachableException("The command stops; its session with the controller was closed.", null);
    }

    /** Where the session is: known without a call, also while the JVM stops. */
    @Override
    public ControllerAddress address() {
        return session.address();
    }

    @Override
    protected <T> T forward(Function<ControllerGateway, T> call) {
        if (stopping) {
            awaitExit();
        }
        return call.apply(session);
    }

    @Override
    public void close() {
        removeHook();
        session.close();
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException stopping) {
            // The JVM is stopping: the hook closes the session too; closing twice is harmless.
        }
    }
}

package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.session.ControllerGateway;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The shell's one session with its controller: opened (and logged in) once, lent to every command as a view whose
 * {@code close()} leaves it open, and closed when the shell ends. When a call finds the controller gone, the next
 * command opens a new session and the shell says so. A command aimed at another controller ({@code --controller})
 * gets a session of its own, as outside the shell.
 */
final class SharedSession implements ControllerConnector, AutoCloseable {
    private final ControllerConnector connector;
    private final ControllerAddress home;
    private final Consumer<String> notes;
    private ControllerGateway open; // guarded by this
    private boolean lost; // guarded by this: a call found the controller gone
    private boolean everOpen; // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param connector opens the session, asking for a password the way the shell asks
     * @param home      the shell's controller
     * @param notes     where "connected again" is said
     */
    SharedSession(ControllerConnector connector, ControllerAddress home, Consumer<String> notes) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.home = Objects.requireNonNull(home, "home");
        this.notes = Objects.requireNonNull(notes, "notes");
    }

    ControllerAddress home() {
        return home;
    }

    @Override
    public ControllerGateway connect(ControllerAddress address) {
        return connect(address, connector);
    }

    /** The same session, opened (where it must be) with a password asked through {@code prompt}. */
    @Override
    public ControllerConnector askingWith(PasswordPrompt prompt) {
        ControllerConnector asking = connector.askingWith(prompt);
        return address -> connect(address, asking);
    }

    private ControllerGateway connect(ControllerAddress address, ControllerConnector through) {
        if (!home.equals(address)) {
            return through.connect(address);
        }
        return new LentGateway(session(through), this);
    }

    /** The open session, opened (again) through {@code through} when there is none or the controller went away. */
    private synchronized ControllerGateway session(ControllerConnector through) {
        if (closed) {
            throw new ControllerUnreachableException("The shell has ended its session with the controller at " + home + ".", null);
        }
        if (open != null && !lost) {
            return open;
        }
        if (open != null) {
            open.close();
            open = null;
        }
        ControllerGateway opened = ClosedOnExit.open(() -> through.connect(home));
        if (everOpen) {
            notes.accept("Connected again to the controller at " + home + ".");
        }
        open = opened;
        lost = false;
        everOpen = true;
        return opened;
    }

    /** Whether a session is open and no call has found the controller gone since. */
    synchronized boolean isOpen() {
        return open != null && !lost;
    }

    /** A call on {@code session} found the controller gone: the next command opens a new one. */
    synchronized void lost(ControllerGateway session) {
        if (session == open) {
            lost = true;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (open != null) {
            open.close();
            open = null;
        }
    }
}

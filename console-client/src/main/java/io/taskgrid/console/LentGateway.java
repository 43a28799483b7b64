package io.taskgrid.console;

import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.client.session.ForwardingGateway;

import java.util.function.Function;

/**
 * The shell's session as one command sees it: every call goes to the shared session; {@code close()} only ends the
 * command's use of it. A call that finds the controller gone tells the {@link SharedSession}.
 */
final class LentGateway extends ForwardingGateway {
    private final ControllerGateway session;
    private final SharedSession owner;

    LentGateway(ControllerGateway session, SharedSession owner) {
        this.session = session;
        this.owner = owner;
    }

    @Override
    protected <T> T forward(Function<ControllerGateway, T> call) {
        try {
            return call.apply(session);
        } catch (ControllerUnreachableException e) {
            owner.lost(session);
            throw e;
        }
    }

    /** The session stays open for the next command; the shell closes it when it ends. */
    @Override
    public void close() {
        // Nothing to end: the session is the shell's.
    }
}

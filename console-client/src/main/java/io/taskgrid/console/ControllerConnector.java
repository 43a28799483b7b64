package io.taskgrid.console;

import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.api.client.ControllerAddress;

/** How the console's commands reach a controller, logged in: production {@link TerminalLogin}, tests: a fake. */
@FunctionalInterface
public interface ControllerConnector {
    /**
     * Opens a session with the controller at {@code address}.
     *
     * @throws ControllerUnreachableException when no controller answers there
     * @throws AccessRefusedException         when the controller refuses this client
     */
    ControllerGateway connect(ControllerAddress address);
}

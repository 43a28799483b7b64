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

    /**
     * The same connector, asking for a password (where it asks at all) through {@code prompt}: the shell asks through its
     * line editor, its status line asks nobody. By default this connector itself, which asks nobody.
     */
    default ControllerConnector askingWith(PasswordPrompt prompt) {
        return this;
    }
}

package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
/** How the console reaches a controller; production: {@link RmiControllerConnector}, tests: a fake. */
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

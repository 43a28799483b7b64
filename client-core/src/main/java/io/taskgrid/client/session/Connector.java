package io.taskgrid.client.session;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.LoginNeededException;

/** Opens a session with a controller: production {@link RmiConnector}; a seam so that clients are tested without RMI. */
@FunctionalInterface
public interface Connector {
    /**
     * @param credentials who logs in (the password may be {@code null} when none is known yet)
     * @param callback    where the controller pushes events, or {@code null} to pull them
     * @throws LoginNeededException when the controller wants a password, or refused the one given
     * @throws ClientException      when the controller cannot be reached or refuses this client
     */
    ControllerGateway open(ControllerAddress address, Credentials credentials, ClientCallback callback);
}

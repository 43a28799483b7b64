package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ClientCallback;

/** Opens a session with a controller; a seam so that the connection logic can be tested without RMI. */
interface Connector {
    /**
     * @param credentials who logs in (the password may be {@code null} when none is known yet)
     * @param callback    where the controller pushes events, or {@code null} to pull them
     * @throws LoginNeededException when the controller wants a password, or refused the one given
     * @throws GatewayException     when the controller cannot be reached or refuses this client
     */
    Gateway open(ControllerAddress address, Credentials credentials, ClientCallback callback);
}

package io.taskgrid.fx;

import io.taskgrid.api.client.ClientCallback;

/** Opens a session with a controller; a seam so that the connection logic can be tested without RMI. */
interface Connector {
    /**
     * @param callback where the controller pushes events, or {@code null} to pull them
     * @throws GatewayException when the controller cannot be reached or refuses this client
     */
    Gateway open(ControllerAddress address, ClientCallback callback);
}

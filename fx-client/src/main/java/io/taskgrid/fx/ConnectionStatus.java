package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
/**
 * What the status bar says about the connection.
 *
 * @param state   where the connection stands
 * @param address the controller it is (or tries to be) connected to
 * @param pushed  true when the controller calls this client back, false when it pulls events
 * @param message one sentence for people
 */
record ConnectionStatus(State state, ControllerAddress address, boolean pushed, String message) {
    enum State {
        CONNECTING, CONNECTED, RECONNECTING,
        /** Not connected and not trying (the log-in was cancelled): the user chooses what next. */
        DISCONNECTED,
        CLOSED
    }
}

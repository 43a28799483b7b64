package io.taskgrid.client.session;

import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.GridEvent;

import java.util.List;

/**
 * Told about a {@link LiveConnection}: called on the connection's own threads (or an RMI thread for pushed events),
 * never a UI thread, and must not block: a UI hands each call on to its own thread.
 */
public interface ConnectionListener {
    /** A session is open with the controller that answered {@code info}, for {@code user}: load what is shown. */
    void connected(ControllerGateway gateway, ControllerInfo info, String user);

    /** Events, in order. */
    void events(List<GridEvent> events);

    /** Events were missed (pulling fell behind): reload what is shown. */
    void missed();

    void status(ConnectionStatus status);
}

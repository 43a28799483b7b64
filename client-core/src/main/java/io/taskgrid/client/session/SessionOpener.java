package io.taskgrid.client.session;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.policy.transport.RmiTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Opens a session that is called back with events when the controller can reach this client, else one that pulls
 * them: the callback object is exported through the {@link RmiTransport} (TLS or plain, always with the serial
 * filter) and the controller has {@link LiveConnection.Settings#callbackProbe()} to call it once; otherwise the session
 * is closed, the object unexported and a session without callback opened.
 */
final class SessionOpener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionOpener.class);

    /** An open session and, when the controller calls back, the object it calls (null: pull events). */
    record Opened(ControllerGateway gateway, CallbackEndpoint endpoint) {
        boolean pushed() {
            return endpoint != null;
        }
    }

    private final Connector connector;
    private final RmiTransport transport;
    private final LiveConnection.Settings settings;
    private final Consumer<List<GridEvent>> sink;

    SessionOpener(Connector connector, RmiTransport transport, LiveConnection.Settings settings,
                  Consumer<List<GridEvent>> sink) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** @throws io.taskgrid.client.ClientException as {@link Connector#open} does */
    Opened open(ControllerAddress target, Credentials credentials) throws InterruptedException {
        if (!settings.pullOnly()) {
            CallbackEndpoint candidate = new CallbackEndpoint(sink);
            ClientCallback stub;
            try {
                stub = transport.export(candidate, settings.callbackPort());
            } catch (RemoteException e) {
                LOG.warn("Cannot receive callbacks on port {} ({}); pulling events instead.", settings.callbackPort(), e.getMessage());
                return new Opened(connector.open(target, credentials, null), null);
            }
            ControllerGateway gateway;
            try {
                gateway = connector.open(target, credentials, stub);
            } catch (RuntimeException e) {
                release(candidate);
                throw e;
            }
            try {
                if (candidate.awaitFirstCall(settings.callbackProbe().toMillis())) {
                    return new Opened(gateway, candidate);
                }
            } catch (InterruptedException e) {
                gateway.close();
                release(candidate);
                throw e;
            }
            LOG.warn("The controller at {} did not call this client back within {} ms; pulling events instead.", target,
                    settings.callbackProbe().toMillis());
            release(candidate);
            gateway.close();
        }
        return new Opened(connector.open(target, credentials, null), null);
    }

    /** Stops passing on the endpoint's calls and unexports it; nothing to do for null. */
    static void release(CallbackEndpoint endpoint) {
        if (endpoint == null) {
            return;
        }
        endpoint.deactivate();
        try {
            UnicastRemoteObject.unexportObject(endpoint, true);
        } catch (NoSuchObjectException ignored) {
            // Never exported or already unexported: nothing to release.
        }
    }
}

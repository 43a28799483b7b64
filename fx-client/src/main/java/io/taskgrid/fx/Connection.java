package io.taskgrid.fx;

import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The desktop client's link to one controller at a time: opens the session, receives events by callback
 * (or pulls them when the controller cannot call this client back), checks the controller is still there,
 * and reconnects by itself with a growing pause when it goes away.
 *
 * <p>Threads: "taskgrid-fx-connection" (connecting, health checks, reconnecting) and "taskgrid-fx-pull"
 * (the event long-poll, only in pull mode). {@link #close()} stops both and ends the session.
 */
final class Connection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final Duration PULL_WAIT = Duration.ofSeconds(5);
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    /** Told about the connection; called on the connection's threads, never the FX thread. */
    interface Listener {
        void connected(Gateway gateway, ControllerInfo info);

        void events(List<GridEvent> events);

        /** Events were missed (pull mode fell behind): reload what is shown. */
        void missed();

        void status(ConnectionStatus status);
    }

    /**
     * @param callbackPort   port the callback object is exported on (0: any free port)
     * @param pullOnly       never ask for callbacks (a client behind NAT or a firewall)
     * @param healthInterval how often the controller is asked whether it is still there
     * @param callbackProbe  how long to wait for the first callback before falling back to pulling
     */
    record Settings(int callbackPort, boolean pullOnly, Duration healthInterval, Duration callbackProbe) {
        static Settings defaults(int callbackPort, boolean pullOnly) {
            return new Settings(callbackPort, pullOnly, Duration.ofSeconds(2), Duration.ofSeconds(3));
        }
    }

    private final Connector connector;
    private final Settings settings;
    private final Listener listener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            NamedThreads.daemon("taskgrid-fx-connection"));
    private final ExecutorService puller = Executors.newSingleThreadExecutor(NamedThreads.daemon("taskgrid-fx-pull"));

    // Written on the connection thread only; read elsewhere.
    private volatile Gateway current;
    private volatile ControllerAddress address;
    private CallbackEndpoint endpoint;
    private ScheduledFuture<?> health;
    private ScheduledFuture<?> retry;
    private long backoffMillis;
    /** The controller was there and went away: the next successful attempt is a reconnection. */
    private boolean lostOne;
    private volatile boolean closed;

    Connection(Connector connector, Settings settings, Listener listener) {
        this.connector = connector;
        this.settings = settings;
        this.listener = listener;
    }

    /** Connects to {@code target}, dropping any current connection; returns at once. */
    void connect(ControllerAddress target) {
        submit(() -> {
            endCurrent();
            if (retry != null) {
                retry.cancel(false);
            }
            address = target;
            backoffMillis = 1000;
            lostOne = false;
            listener.status(new ConnectionStatus(ConnectionStatus.State.CONNECTING, target, false,
                    "Connecting to the controller at " + target + "…"));
            attempt(target);
        });
    }

    /** The open session; throws a sentence when there is none. */
    Gateway gateway() {
        Gateway g = current;
        if (g == null) {
            throw new GatewayException("Not connected to a controller" + (address == null ? "" : " (" + address + ")")
                    + "; wait for the reconnection or choose another one in Connect to….", true, null);
        }
        return g;
    }

    ControllerAddress address() {
        return address;
    }

    /** Reports that a call through {@code gateway} found the controller gone. */
    void lost(Gateway gateway, GatewayException e) {
        submit(() -> {
            if (gateway != current) {
                return;
            }
            LOG.info("Lost the controller at {}: {}", gateway.address(), e.getMessage());
            endCurrent();
            lostOne = true;
            listener.status(new ConnectionStatus(ConnectionStatus.State.RECONNECTING, gateway.address(), false,
                    "Lost the controller at " + gateway.address() + "; reconnecting by itself… (" + e.getMessage() + ")"));
            backoffMillis = 1000;
            scheduleRetry(gateway.address());
        });
    }

    private void attempt(ControllerAddress target) {
        if (closed || !target.equals(address)) {
            return;
        }
        try {
            Gateway gateway = open(target);
            current = gateway;
            ControllerInfo info = gateway.info();
            boolean pushed = endpoint != null;
            listener.status(new ConnectionStatus(ConnectionStatus.State.CONNECTED, target, pushed,
                    (lostOne ? "Reconnected to " : "Connected to ") + target
                            + (pushed ? "." : " (pulling events: the controller cannot call this client back).")));
            lostOne = false;
            listener.connected(gateway, info);
            health = timer.scheduleWithFixedDelay(() -> checkHealth(gateway), settings.healthInterval().toMillis(),
                    settings.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
            if (!pushed) {
                puller.execute(() -> pull(gateway));
            }
        } catch (GatewayException e) {
            endCurrent();
            LOG.debug("Connecting to {} failed: {}", target, e.getMessage());
            listener.status(new ConnectionStatus(ConnectionStatus.State.RECONNECTING, target, false,
                    (lostOne ? "Lost the controller at " + target + "; reconnecting by itself. " : "") + e.getMessage()
                            + " Trying again in " + backoffMillis / 1000 + " s."));
            scheduleRetry(target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens a session, with callbacks when they reach this client, else without. */
    private Gateway open(ControllerAddress target) throws InterruptedException {
        if (!settings.pullOnly()) {
            CallbackEndpoint candidate = new CallbackEndpoint(listener::events);
            ClientCallback stub;
            try {
                stub = (ClientCallback) UnicastRemoteObject.exportObject(candidate, settings.callbackPort());
            } catch (RemoteException e) {
                LOG.warn("Cannot receive callbacks on port {} ({}); pulling events instead.", settings.callbackPort(), e.getMessage());
                return connector.open(target, null);
            }
            Gateway gateway;
            try {
                gateway = connector.open(target, stub);
            } catch (GatewayException e) {
                unexport(candidate);
                throw e;
            }
            if (candidate.awaitFirstCall(settings.callbackProbe().toMillis())) {
                endpoint = candidate;
                return gateway;
            }
            LOG.warn("The controller at {} did not call this client back within {} ms; pulling events instead.", target,
                    settings.callbackProbe().toMillis());
            candidate.deactivate();
            gateway.close();
            unexport(candidate);
        }
        return connector.open(target, null);
    }

    private void checkHealth(Gateway gateway) {
        try {
            gateway.info();
        } catch (GatewayException e) {
            lost(gateway, e);
        }
    }

    private void pull(Gateway gateway) {
        long after = 0;
        while (!closed && gateway == current) {
            try {
                EventBatch batch = gateway.events(after, PULL_WAIT);
                if (gateway != current) {
                    return;
                }
                if (batch.missed() && after != 0) {
                    listener.missed();
                }
                after = batch.lastSequence();
                if (!batch.events().isEmpty()) {
                    listener.events(batch.events());
                }
            } catch (GatewayException e) {
                lost(gateway, e);
                return;
            }
        }
    }

    private void scheduleRetry(ControllerAddress target) {
        if (closed) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        retry = timer.schedule(() -> attempt(target), delay, TimeUnit.MILLISECONDS);
    }

    private void endCurrent() {
        if (health != null) {
            health.cancel(false);
            health = null;
        }
        Gateway g = current;
        current = null;
        if (g != null) {
            g.close();
        }
        if (endpoint != null) {
            endpoint.deactivate();
            unexport(endpoint);
            endpoint = null;
        }
    }

    private static void unexport(CallbackEndpoint e) {
        try {
            UnicastRemoteObject.unexportObject(e, true);
        } catch (NoSuchObjectException ignored) {
            // Never exported or already unexported: nothing to release.
        }
    }

    private void submit(Runnable task) {
        try {
            timer.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Connection task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Connection closed; ignoring a late request");
        }
    }

    /** Ends the session and stops the threads; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            timer.submit(this::endCurrent).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Ending the session while closing: {}", e.toString());
        }
        timer.shutdownNow();
        puller.shutdownNow();
        listener.status(new ConnectionStatus(ConnectionStatus.State.CLOSED, address, false, "Disconnected."));
    }
}

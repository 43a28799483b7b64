package io.taskgrid.fx;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ClientCallback;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.api.event.EventBatch;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.LoginNeededException;
import io.taskgrid.client.session.Backoff;
import io.taskgrid.client.session.Connector;
import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.client.session.Credentials;
import io.taskgrid.policy.transport.RmiTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Log-in: when the controller wants a password (or refuses the one given) the {@link LoginPrompt} is asked on
 * the connection thread; the credentials that worked are kept for reconnecting to the same controller, so a
 * restart of the controller does not ask again. Cancelling the prompt leaves the client disconnected.
 *
 * <p>The callback object is exported through the {@link RmiTransport} (TLS or plain, always with the serial filter).
 *
 * <p>Threads: "taskgrid-fx-connection" (connecting, health checks, reconnecting) and "taskgrid-fx-pull"
 * (the event long-poll, only in pull mode). {@link #close()} stops both and ends the session.
 */
final class Connection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final Duration PULL_WAIT = Duration.ofSeconds(5);

    /** Told about the connection; called on the connection's threads, never the FX thread. */
    interface Listener {
        /** @param user the user the session was opened for */
        void connected(ControllerGateway gateway, ControllerInfo info, String user);

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
    private final RmiTransport transport;
    private final LoginPrompt prompt;
    /** From the command line or the environment (TASKGRID_USER / TASKGRID_PASSWORD): used without asking. */
    private final Credentials preset;
    private final Settings settings;
    private final Listener listener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            NamedThreads.daemon("taskgrid-fx-connection"));
    private final ExecutorService puller = Executors.newSingleThreadExecutor(NamedThreads.daemon("taskgrid-fx-pull"));

    // Written on the connection thread only; read elsewhere.
    private volatile ControllerGateway current;
    private volatile ControllerAddress address;
    /** Who logs in at {@link #address}; kept across reconnections. Written on the connection thread only. */
    private volatile Credentials credentials;
    private CallbackEndpoint endpoint;
    private ScheduledFuture<?> health;
    private ScheduledFuture<?> retry;
    /** Attempts that failed since the controller was last there: how long the next pause is ({@link Backoff#RECONNECT}). */
    private int failures;
    /** The controller was there and went away: the next successful attempt is a reconnection. */
    private boolean lostOne;
    private volatile boolean closed;

    Connection(Connector connector, RmiTransport transport, Credentials preset, LoginPrompt prompt, Settings settings,
               Listener listener) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.preset = Objects.requireNonNull(preset, "preset");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.settings = settings;
        this.listener = listener;
        this.credentials = preset;
    }

    /** Connects to {@code target} as the preset user, dropping any current connection; returns at once. */
    void connect(ControllerAddress target) {
        connect(target, preset.user());
    }

    /**
     * Connects to {@code target} as {@code user}, dropping any current connection; returns at once. The password
     * known for that user is kept when the controller is the same (or it is the preset user's, given on purpose);
     * otherwise the controller asks for one if it wants a log-in.
     */
    void connect(ControllerAddress target, String user) {
        submit(() -> {
            endCurrent();
            if (retry != null) {
                retry.cancel(false);
            }
            Credentials known = credentials;
            if (user.equals(preset.user()) && preset.password() != null) {
                credentials = preset;
            } else if (!(target.equals(address) && user.equals(known.user()))) {
                credentials = new Credentials(user, null);
            }
            address = target;
            failures = 0;
            lostOne = false;
            listener.status(new ConnectionStatus(ConnectionStatus.State.CONNECTING, target, false,
                    "Connecting to the controller at " + target + "…"));
            attempt(target);
        });
    }

    /** The open session; throws a sentence when there is none. */
    ControllerGateway gateway() {
        ControllerGateway g = current;
        if (g == null) {
            throw new ControllerUnreachableException("Not connected to a controller" + (address == null ? "" : " (" + address + ")")
                    + "; wait for the reconnection or " + DesktopClient.DIRECTIONS.chooseAnother() + ".", null);
        }
        return g;
    }

    ControllerAddress address() {
        return address;
    }

    /** Reports that a call through {@code gateway} found the controller gone. */
    void lost(ControllerGateway gateway, ClientException e) {
        submit(() -> {
            if (gateway != current) {
                return;
            }
            LOG.info("Lost the controller at {}: {}", gateway.address(), e.getMessage());
            endCurrent();
            lostOne = true;
            listener.status(new ConnectionStatus(ConnectionStatus.State.RECONNECTING, gateway.address(), false,
                    "Lost the controller at " + gateway.address() + "; reconnecting by itself… (" + e.getMessage() + ")"));
            failures = 0;
            scheduleRetry(gateway.address());
        });
    }

    private void attempt(ControllerAddress target) {
        if (closed || !target.equals(address)) {
            return;
        }
        try {
            ControllerGateway opened = null;
            while (opened == null) {
                try {
                    opened = open(target);
                } catch (LoginNeededException e) {
                    if (!logIn(target, e)) {
                        return;
                    }
                }
            }
            ControllerGateway gateway = opened;
            prompt.done();
            current = gateway;
            ControllerInfo info = gateway.info();
            boolean pushed = endpoint != null;
            listener.status(new ConnectionStatus(ConnectionStatus.State.CONNECTED, target, pushed,
                    (lostOne ? "Reconnected to " : "Connected to ") + target
                            + (pushed ? "." : " (pulling events: the controller cannot call this client back).")));
            lostOne = false;
            listener.connected(gateway, info, credentials.user());
            health = timer.scheduleWithFixedDelay(() -> checkHealth(gateway), settings.healthInterval().toMillis(),
                    settings.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
            if (!pushed) {
                puller.execute(() -> pull(gateway));
            }
        } catch (ClientException e) {
            prompt.done();
            endCurrent();
            LOG.debug("Connecting to {} failed: {}", target, e.getMessage());
            listener.status(new ConnectionStatus(ConnectionStatus.State.RECONNECTING, target, false,
                    (lostOne ? "Lost the controller at " + target + "; reconnecting by itself. " : "") + e.getMessage()
                            + " Trying again in " + Backoff.inWords(Backoff.RECONNECT.pause(failures)) + "."));
            scheduleRetry(target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks for credentials after the controller wanted (other) ones; returns whether to try again. On cancel the
     * client stays disconnected and says why; it does not retry by itself.
     */
    private boolean logIn(ControllerAddress target, LoginNeededException e) throws InterruptedException {
        endCurrent();
        LOG.info("The controller at {} wants a log-in for {}: {}", target, credentials.user(), e.getMessage());
        listener.status(new ConnectionStatus(ConnectionStatus.State.CONNECTING, target, false,
                "Logging in to the controller at " + target + "…"));
        Optional<Credentials> answer = prompt.ask(target, credentials.user(), e.getMessage());
        if (closed || !target.equals(address)) {
            return false;
        }
        if (answer.isEmpty()) {
            prompt.done();
            lostOne = false;
            listener.status(new ConnectionStatus(ConnectionStatus.State.DISCONNECTED, target, false,
                    "Not connected to " + target + ": the log-in was cancelled. " + DesktopClient.DIRECTIONS.logInAgain() + "."));
            return false;
        }
        credentials = answer.get();
        return true;
    }

    /** Opens a session, with callbacks when they reach this client, else without. */
    private ControllerGateway open(ControllerAddress target) throws InterruptedException {
        if (!settings.pullOnly()) {
            CallbackEndpoint candidate = new CallbackEndpoint(listener::events);
            ClientCallback stub;
            try {
                stub = transport.export(candidate, settings.callbackPort());
            } catch (RemoteException e) {
                LOG.warn("Cannot receive callbacks on port {} ({}); pulling events instead.", settings.callbackPort(), e.getMessage());
                return connector.open(target, credentials, null);
            }
            ControllerGateway gateway;
            try {
                gateway = connector.open(target, credentials, stub);
            } catch (RuntimeException e) {
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
        return connector.open(target, credentials, null);
    }

    private void checkHealth(ControllerGateway gateway) {
        try {
            gateway.info();
        } catch (ClientException e) {
            lost(gateway, e);
        }
    }

    private void pull(ControllerGateway gateway) {
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
            } catch (ClientException e) {
                lost(gateway, e);
                return;
            }
        }
    }

    private void scheduleRetry(ControllerAddress target) {
        if (closed) {
            return;
        }
        long delay = Backoff.RECONNECT.pause(failures).toMillis();
        failures++;
        retry = timer.schedule(() -> attempt(target), delay, TimeUnit.MILLISECONDS);
    }

    private void endCurrent() {
        if (health != null) {
            health.cancel(false);
            health = null;
        }
        ControllerGateway g = current;
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
        prompt.done();
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

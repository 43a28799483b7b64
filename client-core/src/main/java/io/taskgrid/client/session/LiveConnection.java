package io.taskgrid.client.session;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.ControllerInfo;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.Directions;
import io.taskgrid.client.LoginNeededException;
import io.taskgrid.client.NamedThreads;
import io.taskgrid.policy.transport.RmiTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client's live link to one controller at a time, for a client that stays open (the desktop): opens the session,
 * receives events by callback or pulls them when the controller cannot call back ({@link SessionOpener},
 * {@link EventPuller}), checks the controller is still there, and reconnects by itself, pausing by the
 * {@link Backoff} between attempts, when it goes away. What happens is told to the {@link ConnectionListener}.
 *
 * <p>Log-in: when the controller wants a password (or refuses the one given) the {@link LoginPrompt} is asked on the
 * connection thread; the credentials that worked are kept for reconnecting to the same controller, so a restart of
 * the controller does not ask again. Cancelling the prompt leaves the client disconnected.
 *
 * <p>Threads: "taskgrid-connection" (connecting, health checks, reconnecting) and "taskgrid-event-pull" (the long
 * poll, only while pulling). {@link #close()} stops both and ends the session.
 */
public final class LiveConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveConnection.class);

    /**
     * @param callbackPort   port the callback object is exported on (0: any free port)
     * @param pullOnly       never ask for callbacks (a client behind NAT or a firewall)
     * @param healthInterval how often the controller is asked whether it is still there
     * @param callbackProbe  how long to wait for the first callback before falling back to pulling
     * @param pullWait       how long one pull may wait at the controller for events
     * @param backoff        the pauses between attempts to reach a controller that is gone
     */
    public record Settings(int callbackPort, boolean pullOnly, Duration healthInterval, Duration callbackProbe,
                           Duration pullWait, Backoff backoff) {
        public Settings {
            Objects.requireNonNull(healthInterval, "healthInterval");
            Objects.requireNonNull(callbackProbe, "callbackProbe");
            Objects.requireNonNull(pullWait, "pullWait");
            Objects.requireNonNull(backoff, "backoff");
        }

        /** Health checks every 2 s, 3 s for the first callback, pulls that wait 5 s, {@link Backoff#RECONNECT}. */
        public static Settings defaults(int callbackPort, boolean pullOnly) {
            return new Settings(callbackPort, pullOnly, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5),
                    Backoff.RECONNECT);
        }
    }

    private final Credentials preset;
    private final LoginPrompt prompt;
    private final Directions directions;
    private final Settings settings;
    private final ConnectionListener listener;
    private final SessionOpener opener;
    private final EventPuller puller;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            NamedThreads.daemon("taskgrid-connection"));

    // Written on the connection thread only; read elsewhere.
    private volatile ControllerGateway current;
    private volatile ControllerAddress address;
    /** Who logs in at {@link #address}; kept across reconnections. */
    private volatile Credentials credentials;
    private CallbackEndpoint endpoint;
    private ScheduledFuture<?> health;
    private ScheduledFuture<?> retry;
    /** Attempts that failed since the controller was last there: how long the next pause is. */
    private int failures;
    /** The controller was there and went away: the next successful attempt is a reconnection. */
    private boolean lostOne;
    private volatile boolean closed;

    /**
     * @param preset credentials given on the command line or in the environment: used without asking
     */
    public LiveConnection(Connector connector, RmiTransport transport, Credentials preset, LoginPrompt prompt,
                          Directions directions, Settings settings, ConnectionListener listener) {
        this.preset = Objects.requireNonNull(preset, "preset");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.directions = Objects.requireNonNull(directions, "directions");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.opener = new SessionOpener(connector, transport, settings, listener::events);
        this.puller = new EventPuller(settings.pullWait(), listener);
        this.credentials = preset;
    }

    /** Connects to {@code target} as the preset user, dropping any current connection; returns at once. */
    public void connect(ControllerAddress target) {
        connect(target, preset.user());
    }

    /**
     * Connects to {@code target} as {@code user}, dropping any current connection; returns at once. The password
     * known for that user is kept when the controller is the same (or it is the preset user's, given on purpose);
     * otherwise the controller asks for one if it wants a log-in.
     */
    public void connect(ControllerAddress target, String user) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(user, "user");
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
            listener.status(new ConnectionStatus.Connecting(target));
            attempt(target);
        });
    }

    /** The open session; throws a sentence when there is none. */
    public ControllerGateway gateway() {
        ControllerGateway g = current;
        if (g == null) {
            ControllerAddress at = address;
            throw new ControllerUnreachableException("Not connected to a controller" + (at == null ? "" : " (" + at + ")")
                    + "; wait for the reconnection or " + directions.chooseAnother() + ".", null);
        }
        return g;
    }

    /** The controller connected to, or being tried; null before the first {@link #connect}. */
    public ControllerAddress address() {
        return address;
    }

    /** Reports that a call through {@code gateway} found the controller gone: reconnects unless that is old news. */
    public void lost(ControllerGateway gateway, ClientException e) {
        submit(() -> {
            if (gateway != current) {
                return;
            }
            LOG.info("Lost the controller at {}: {}", gateway.address(), e.getMessage());
            endCurrent();
            lostOne = true;
            listener.status(new ConnectionStatus.Lost(gateway.address(), e.getMessage()));
            failures = 0;
            scheduleRetry(gateway.address());
        });
    }

    private void attempt(ControllerAddress target) {
        if (closed || !target.equals(address)) {
            return;
        }
        try {
            SessionOpener.Opened opened = null;
            while (opened == null) {
                try {
                    opened = opener.open(target, credentials);
                } catch (LoginNeededException e) {
                    if (!logIn(target, e)) {
                        return;
                    }
                }
            }
            prompt.done();
            ControllerGateway gateway = opened.gateway();
            current = gateway;
            endpoint = opened.endpoint();
            ControllerInfo info = gateway.info();
            listener.status(new ConnectionStatus.Connected(target, opened.pushed(), lostOne));
            lostOne = false;
            failures = 0;
            listener.connected(gateway, info, credentials.user());
            long every = settings.healthInterval().toMillis();
            health = timer.scheduleWithFixedDelay(() -> checkHealth(gateway), every, every, TimeUnit.MILLISECONDS);
            if (!opened.pushed()) {
                puller.start(gateway, g -> !closed && g == current, this::lost);
            }
        } catch (ClientException e) {
            prompt.done();
            endCurrent();
            LOG.debug("Connecting to {} failed: {}", target, e.getMessage());
            listener.status(new ConnectionStatus.Retrying(target, lostOne, e.getMessage(), settings.backoff().pause(failures)));
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
        listener.status(new ConnectionStatus.LoggingIn(target));
        Optional<Credentials> answer = prompt.ask(target, credentials.user(), e.getMessage());
        if (closed || !target.equals(address)) {
            return false;
        }
        if (answer.isEmpty()) {
            prompt.done();
            lostOne = false;
            listener.status(new ConnectionStatus.LoginCancelled(target));
            return false;
        }
        credentials = answer.get();
        return true;
    }

    private void checkHealth(ControllerGateway gateway) {
        try {
            gateway.info();
        } catch (ClientException e) {
            lost(gateway, e);
        } catch (RuntimeException e) {
            LOG.warn("Checking the controller at {} failed unexpectedly", gateway.address(), e);
        }
    }

    private void scheduleRetry(ControllerAddress target) {
        if (closed) {
            return;
        }
        long delay = settings.backoff().pause(failures).toMillis();
        failures++;
        try {
            retry = timer.schedule(() -> attempt(target), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Connection closed; no more attempts");
        }
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
        SessionOpener.release(endpoint);
        endpoint = null;
    }

    /** Runs on the connection thread; an unexpected exception is logged and does not stop later work. */
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

    /** Ends the session and stops the threads (connection, then pulling); idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        prompt.done();
        try {
            timer.submit(this::endCurrent).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Ending the session while closing: {}", e.toString());
        }
        timer.shutdownNow();
        puller.stop();
        listener.status(new ConnectionStatus.Closed(address));
    }
}

package io.taskgrid.client.session;

import io.taskgrid.api.client.ControllerAddress;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link LiveConnection} stands, as its {@link ConnectionListener} is told; each client words it for its
 * people. Every status names the controller it is about.
 */
public sealed interface ConnectionStatus {
    ControllerAddress address();

    /** Whether a session is open now. */
    default boolean connected() {
        return this instanceof Connected;
    }

    /** Opening a session (after {@link LiveConnection#connect}). */
    record Connecting(ControllerAddress address) implements ConnectionStatus {
    }

    /** The controller wants a log-in: the {@link LoginPrompt} is asked, or its answer checked. */
    record LoggingIn(ControllerAddress address) implements ConnectionStatus {
    }

    /**
     * A session is open.
     *
     * @param pushed true when the controller calls this client back, false when events are pulled
     * @param again  true when this session replaces one that was lost
     */
    record Connected(ControllerAddress address, boolean pushed, boolean again) implements ConnectionStatus {
    }

    /** An open session was found gone; a new one is tried at once. {@code problem} is the failure's sentence. */
    record Lost(ControllerAddress address, String problem) implements ConnectionStatus {
        public Lost {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * An attempt failed; the next one comes after {@code pause}.
     *
     * @param afterLoss true while reconnecting to a controller that was there before
     */
    record Retrying(ControllerAddress address, boolean afterLoss, String problem, Duration pause) implements ConnectionStatus {
        public Retrying {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(pause, "pause");
        }
    }

    /** The person cancelled the log-in: not connected, and not trying until told to connect again. */
    record LoginCancelled(ControllerAddress address) implements ConnectionStatus {
    }

    /** {@link LiveConnection#close()}: the session ended for good. {@code address} may be null (never connected). */
    record Closed(ControllerAddress address) implements ConnectionStatus {
    }
}

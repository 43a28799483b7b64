package io.taskgrid.fx;

import io.taskgrid.client.session.Backoff;
import io.taskgrid.client.session.ConnectionStatus;

/** What the status bar says about the connection: one sentence (or two) for each {@link ConnectionStatus}. */
final class StatusSentences {
    private StatusSentences() {
    }

    static String of(ConnectionStatus status) {
        String at = String.valueOf(status.address());
        if (status instanceof ConnectionStatus.Connecting) {
            return "Connecting to the controller at " + at + "…";
        }
        if (status instanceof ConnectionStatus.LoggingIn) {
            return "Logging in to the controller at " + at + "…";
        }
        if (status instanceof ConnectionStatus.Connected c) {
            return (c.again() ? "Reconnected to " : "Connected to ") + at
                    + (c.pushed() ? "." : " (pulling events: the controller cannot call this client back).");
        }
        if (status instanceof ConnectionStatus.Lost l) {
            return "Lost the controller at " + at + "; reconnecting by itself… (" + l.problem() + ")";
        }
        if (status instanceof ConnectionStatus.Retrying r) {
            return (r.afterLoss() ? "Lost the controller at " + at + "; reconnecting by itself. " : "") + r.problem()
                    + " Trying again in " + Backoff.inWords(r.pause()) + ".";
        }
        if (status instanceof ConnectionStatus.LoginCancelled) {
            return "Not connected to " + at + ": the log-in was cancelled. " + DesktopClient.DIRECTIONS.logInAgain() + ".";
        }
        return "Disconnected.";
    }
}

package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.session.ReconnectingGateway;

import java.io.PrintWriter;
import java.time.Duration;

/** Says on the error stream that a following command lost its controller and found it again. */
final class ReconnectNotes implements ReconnectingGateway.Listener {
    private final PrintWriter err;

    ReconnectNotes(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void lost(ControllerAddress address, ControllerUnreachableException cause, Duration giveUpAfter) {
        err.println("Lost the controller at " + address + ": " + cause.getMessage() + " Reconnecting by itself for up to "
                + giveUpAfter.toMinutes() + " min (Ctrl-C to stop).");
        err.flush();
    }

    @Override
    public void reconnected(ControllerAddress address) {
        err.println("Reconnected to the controller at " + address + ".");
        err.flush();
    }
}

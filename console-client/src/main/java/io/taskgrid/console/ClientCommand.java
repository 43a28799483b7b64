package io.taskgrid.console;

import io.taskgrid.client.session.ControllerGateway;
import io.taskgrid.client.session.Backoff;
import io.taskgrid.client.session.ReconnectingGateway;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Clock;

/** What every client subcommand shares: the environment, the clock and {@code --controller}. */
abstract class ClientCommand {
    final ConsoleEnvironment env;
    final Clock clock;

    @Mixin
    ControllerOption controllerOption = new ControllerOption();

    @ParentCommand
    ConsoleApp.TaskgridCommand parent;

    ClientCommand(ConsoleEnvironment env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /**
     * A session with the controller; close it (try-with-resources) when the command is done. Should the JVM stop first
     * (Ctrl-C, a kill), it is closed on the way out all the same ({@link ClosedOnExit}).
     */
    ControllerGateway connect() {
        String beforeCommand = parent == null ? null : parent.controller;
        return ClosedOnExit.open(() -> env.connector().connect(controllerOption.address(env.variables(), beforeCommand)));
    }

    /**
     * A session for a command that follows the grid for long: it reconnects by itself when the controller
     * goes away and comes back (see {@link ReconnectingGateway}).
     */
    ControllerGateway connectFollowing() {
        return connectFollowing(new ReconnectNotes(err()));
    }

    /** As {@link #connectFollowing()}, telling {@code notes} when the controller goes and comes back. */
    ControllerGateway connectFollowing(ReconnectingGateway.Listener notes) {
        return new ReconnectingGateway(connect(), this::connect, notes, Backoff.RECONNECT, ReconnectingGateway.GIVE_UP_AFTER);
    }

    PrintWriter out() {
        return env.out();
    }

    PrintWriter err() {
        return env.err();
    }

    Style style() {
        return new Style(env.colour());
    }

    TaskText text() {
        return new TaskText(clock, style());
    }
}

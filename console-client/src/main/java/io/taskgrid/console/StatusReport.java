package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.client.GridSummary;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.InputRefusedException;
import io.taskgrid.client.LoginNeededException;
import io.taskgrid.client.session.ControllerGateway;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the shell's status line says: {@code localhost:1099 · 3 running · 12 queued · 2 agents}, or in words why there are
 * no figures. One call on the shell's session that the controller answers from memory ({@link GridSummary}); it never asks for a password: where the controller wants one and
 * no session is open, it says so and waits for a command to log in.
 */
final class StatusReport {
    /** With a controller that gives no summary, tasks of a state are counted up to this many; more show as "1000+". */
    static final int COUNT_UP_TO = 1000;

    private final ControllerAddress home;
    private final Supplier<ControllerGateway> quiet;
    private final BooleanSupplier sessionOpen;
    /** What the controller said when it refused the quiet log-in; while set, no session is tried until a command opens one. */
    private volatile String refused;

    /**
     * @param quiet       the shell's session, opened (where it must be) without asking anybody
     * @param sessionOpen whether the shell's session is open now
     */
    StatusReport(ControllerAddress home, Supplier<ControllerGateway> quiet, BooleanSupplier sessionOpen) {
        this.home = Objects.requireNonNull(home, "home");
        this.quiet = Objects.requireNonNull(quiet, "quiet");
        this.sessionOpen = Objects.requireNonNull(sessionOpen, "sessionOpen");
    }

    String now() {
        String refusal = refused;
        if (refusal != null && !sessionOpen.getAsBoolean()) {
            return refusal;
        }
        ControllerGateway g;
        try {
            g = quiet.get();
            refused = null;
        } catch (AccessRefusedException e) {
            // Asking again every refresh would change nothing: a password must be typed, or the rules changed.
            refused = e.getCause() instanceof LoginNeededException
                    ? home + " · not logged in: the next command asks for the password"
                    : home + " · the controller refuses this client; a command says why";
            return refused;
        } catch (ControllerUnreachableException e) {
            return unreachable();
        } catch (ClientException e) {
            return home + " · no figures: " + e.getMessage();
        }
        try (g) {
            return home + " · " + figures(g);
        } catch (ControllerUnreachableException e) {
            return unreachable();
        } catch (ClientException e) {
            return home + " · no figures: " + e.getMessage();
        }
    }

    /**
     * "3 running · 12 queued · 1 held · 2 agents": one call that the controller answers from memory. A controller too
     * old for it is asked as before (the history's running and queued tasks, and the agents where this user may list them).
     */
    private static String figures(ControllerGateway g) {
        GridSummary s;
        try {
            s = g.summary();
        } catch (InputRefusedException olderController) {
            return count(g, TaskState.RUNNING) + " running · " + count(g, TaskState.QUEUED) + " queued" + agents(g);
        }
        return s.running() + " running · " + s.queued() + " queued" + (s.held() > 0 ? " · " + s.held() + " held" : "")
                + " · " + s.agents() + (s.agents() == 1 ? " agent" : " agents")
                + (s.drainedAgents() > 0 ? " (" + s.drainedAgents() + " drained)" : "");
    }

    /** " · 2 agents", or nothing for a user who may not list them (only administrators may). */
    private static String agents(ControllerGateway g) {
        try {
            int agents = g.agents().size();
            return " · " + agents + (agents == 1 ? " agent" : " agents");
        } catch (AccessRefusedException notAnAdministrator) {
            return "";
        }
    }

    private String unreachable() {
        return home + " · the controller does not answer; the next command tries again";
    }

    private static String count(ControllerGateway g, TaskState state) {
        int n = g.history(new HistoryQuery(state, null, null, COUNT_UP_TO, null)).size();
        return n >= COUNT_UP_TO ? COUNT_UP_TO + "+" : Integer.toString(n);
    }
}

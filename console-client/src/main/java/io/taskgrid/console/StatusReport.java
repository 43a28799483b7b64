package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.task.HistoryQuery;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.LoginNeededException;
import io.taskgrid.client.session.ControllerGateway;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the shell's status line says: {@code localhost:1099 · 3 running · 12 queued · 2 agents}, or in words why there are
 * no figures. Three cheap calls on the shell's session; it never asks for a password: where the controller wants one and
 * no session is open, it says so and waits for a command to log in.
 */
final class StatusReport {
    /** Tasks of a state are counted up to this many; more show as "1000+". */
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
        try (ControllerGateway g = quiet.get()) {
            refused = null;
            String running = count(g, TaskState.RUNNING);
            String queued = count(g, TaskState.QUEUED);
            int agents = g.agents().size();
            return home + " · " + running + " running · " + queued + " queued · " + agents + (agents == 1 ? " agent" : " agents");
        } catch (AccessRefusedException e) {
            // Asking again every refresh would change nothing: a password must be typed, or the rules changed.
            refused = e.getCause() instanceof LoginNeededException
                    ? home + " · not logged in: the next command asks for the password"
                    : home + " · the controller refuses this client; a command says why";
            return refused;
        } catch (ControllerUnreachableException e) {
            return home + " · the controller does not answer; the next command tries again";
        } catch (ClientException e) {
            return home + " · no figures: " + e.getMessage();
        }
    }

    private static String count(ControllerGateway g, TaskState state) {
        int n = g.history(new HistoryQuery(state, null, null, COUNT_UP_TO, null)).size();
        return n >= COUNT_UP_TO ? COUNT_UP_TO + "+" : Integer.toString(n);
    }
}

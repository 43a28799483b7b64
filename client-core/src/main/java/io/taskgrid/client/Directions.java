package io.taskgrid.client;

import java.util.Objects;

/**
 * The parts of the clients' sentences that name the interface's own controls, so that one translation of a failure
 * serves both: "Start one with `taskgrid local`, or {@link #chooseAnother}." Each phrase is lower case unless it
 * starts a sentence, and has no full stop.
 *
 * @param chooseAnother how to pick another controller ("point --controller / TASKGRID_CONTROLLER at it")
 * @param choosePort    a sentence on picking the controller's port ("Point --controller … at the controller's port")
 * @param knownTasks    where the known tasks are listed ("`taskgrid history` lists the known tasks")
 * @param logInAgain    a sentence on logging in after a cancelled log-in ("Choose Connect to… to log in again")
 */
public record Directions(String chooseAnother, String choosePort, String knownTasks, String logInAgain) {
    public Directions {
        Objects.requireNonNull(chooseAnother, "chooseAnother");
        Objects.requireNonNull(choosePort, "choosePort");
        Objects.requireNonNull(knownTasks, "knownTasks");
        Objects.requireNonNull(logInAgain, "logInAgain");
    }
}

package io.taskgrid.controller;

import io.taskgrid.api.HistoryUnavailableException;
import io.taskgrid.controller.history.StoreException;

/** Turns a failed write of the history into the sentence a remote caller gets (its class is not on their side). */
final class HistoryFailures {
    private HistoryFailures() {
    }

    /** @param what what could not be done, e.g. "queue the task; none was queued" */
    static HistoryUnavailableException unavailable(String what, StoreException e) {
        String cause = String.valueOf(e.getMessage());
        String reason = cause.contains("SQLITE_FULL") || cause.contains("disk is full") || cause.contains("No space")
                ? "its data folder is full" : "it cannot write its history (" + cause + ")";
        return new HistoryUnavailableException("The controller could not " + what + ": " + reason + ". Free space in the"
                + " controller's data folder; it takes work again as soon as it can write.");
    }
}

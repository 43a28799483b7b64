package io.taskgrid.api;

import java.rmi.RemoteException;

/**
 * The controller could not write its history (its disk is full, its data folder gone), so it could not take what the
 * call asked: nothing of it was acknowledged. The message says why and what to do; calling again once the controller's
 * disk has room succeeds. A caller receives it as the cause of a {@link java.rmi.ServerException}.
 */
public class HistoryUnavailableException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public HistoryUnavailableException(String message) {
        super(message);
    }
}

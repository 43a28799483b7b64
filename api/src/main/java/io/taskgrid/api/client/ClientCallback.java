package io.taskgrid.api.client;

import io.taskgrid.api.event.GridEvent;

import java.rmi.Remote;
import java.rmi.RemoteException;
import java.util.List;

/**
 * Exported by a client that can be called back. The controller delivers events in order, in batches,
 * from a queue of its own per client: a slow client delays only itself, and is dropped after failures.
 */
public interface ClientCallback extends Remote {
    void onEvents(List<GridEvent> events) throws RemoteException;
}

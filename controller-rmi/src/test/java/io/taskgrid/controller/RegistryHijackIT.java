package io.taskgrid.controller;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.policy.transport.RmiTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 18, finding 1: a local user replaced {@code taskgrid/controller} in the controller's registry with their
 * own stub, and the console then sent its password to them. Every bind, rebind and unbind that arrives over a
 * socket must be refused, on every transport, while lookups keep working.
 */
class RegistryHijackIT {
    @TempDir
    Path data;
    @TempDir
    Path shared;
    private ControllerServer server;
    private Remote impostor;

    /** What an attacker exports in their own JVM: anything Remote will do. */
    interface Impostor extends Remote {
        String hello() throws RemoteException;
    }

    @AfterEach
    void stop() throws Exception {
        if (impostor != null) {
            UnicastRemoteObject.unexportObject(impostor, true);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void noCallerOverTheNetworkCanBindRebindOrUnbindOnALoopbackController() throws Exception {
        attackAndCheck(RmiTransport.loopback());
    }

    @Test
    void noCallerOverTheNetworkCanBindRebindOrUnbindOnAPlainController() throws Exception {
        attackAndCheck(RmiTransport.plain());
    }

    private void attackAndCheck(RmiTransport transport) throws Exception {
        server = ControllerServer.start(new ControllerConfig(0, data, shared, 2, null, null),
                new ControllerSecurity(null, null, null, transport));
        Registry registry = LocateRegistry.getRegistry("127.0.0.1", server.port());
        Impostor fake = () -> "I am not the controller";
        impostor = fake;
        Remote stub = UnicastRemoteObject.exportObject(fake, 0);

        assertThrows(RemoteException.class, () -> registry.rebind(ControllerService.REGISTRY_NAME, stub), "rebind over the network");
        assertThrows(RemoteException.class, () -> registry.bind("taskgrid/other", stub), "bind over the network");
        assertThrows(RemoteException.class, () -> registry.unbind(ControllerService.REGISTRY_NAME), "unbind over the network");

        assertArrayEquals(new String[] {ControllerService.REGISTRY_NAME}, registry.list(), "the registry holds what it held");
        ControllerService controller = (ControllerService) registry.lookup(ControllerService.REGISTRY_NAME);
        ClientSession session = controller.openSession(new ClientHello("me", ClientKind.SCRIPT, null), null);
        assertEquals(List.of(), session.history(io.taskgrid.api.task.HistoryQuery.newest(10)), "the real controller still answers");
        session.close();
    }
}

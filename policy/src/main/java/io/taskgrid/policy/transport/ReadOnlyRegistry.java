package io.taskgrid.policy.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.rmi.registry.RegistryImpl;

import java.io.ObjectInputFilter;
import java.rmi.AccessException;
import java.rmi.AlreadyBoundException;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.ServerNotActiveException;

/**
 * The JDK's registry, except that nothing reached over the network may bind, rebind or unbind: the JDK's own
 * registry lets any caller on this machine do so, which let a local user put their own stub in the controller's
 * place (issue 18, finding 1). Lookups and listing work as usual; the owning process binds in-process.
 *
 * <p>It extends {@code sun.rmi.registry.RegistryImpl} because the registry answers under the well-known object id
 * that only the JDK can export: the JVM needs {@code --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED}
 * ({@code bin/taskgrid} and the builds pass it); {@link RmiTransport#createRegistry} falls back without it.
 */
final class ReadOnlyRegistry extends RegistryImpl {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyRegistry.class);

    /**
     * What the registry deserializes from a caller: only names (strings carry no class) within small limits; a
     * stub offered to bind is rejected before it is read.
     */
    private static final ObjectInputFilter NAMES_ONLY = ObjectInputFilter.Config.createFilter(
            "maxdepth=2;maxrefs=16;maxbytes=8192;maxarray=0;!*");

    /** {@link #NAMES_ONLY}, and a WARN with the caller's address for whatever it rejects (a bind's stub). */
    static final ObjectInputFilter ARGUMENTS = info -> {
        ObjectInputFilter.Status status = NAMES_ONLY.checkInput(info);
        if (status == ObjectInputFilter.Status.REJECTED) {
            LOG.warn("Refused {} sent to the registry from {}: the registry is read-only over the network and takes names only.",
                    info.serialClass() == null ? "an oversized call" : info.serialClass().getName(), caller());
        }
        return status;
    };

    ReadOnlyRegistry(int port, RMIClientSocketFactory clientSockets, RMIServerSocketFactory serverSockets) throws RemoteException {
        super(port, clientSockets, serverSockets, ARGUMENTS);
    }

    @Override
    public void bind(String name, Remote object) throws RemoteException, AlreadyBoundException, AccessException {
        refuseRemote("bind", name);
        super.bind(name, object);
    }

    @Override
    public void rebind(String name, Remote object) throws RemoteException, AccessException {
        refuseRemote("rebind", name);
        super.rebind(name, object);
    }

    @Override
    public void unbind(String name) throws RemoteException, NotBoundException, AccessException {
        refuseRemote("unbind", name);
        super.unbind(name);
    }

    private static void refuseRemote(String operation, String name) throws AccessException {
        String caller = caller();
        if (caller == null) {
            return;
        }
        LOG.warn("Refused {} of '{}' in the registry from {}: the registry is read-only over the network.", operation, name, caller);
        throw new AccessException("This registry is read-only: " + operation + " of '" + name + "' from " + caller
                + " is refused. Only the TaskGrid process that owns it binds names, in-process.");
    }

    /** The address of the remote caller, or {@code null} for a call made in this process. */
    private static String caller() {
        try {
            return getClientHost();
        } catch (ServerNotActiveException inProcess) {
            return null;
        }
    }
}

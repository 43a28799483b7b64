package io.taskgrid.policy.transport;

import java.io.IOException;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;

/** Listens on every interface, as RMI does by default. A record, so exports share a port. */
record PlainServerSocketFactory() implements RMIServerSocketFactory {
    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ServerSocket(port, 256);
    }
}

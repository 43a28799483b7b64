package io.taskgrid.policy.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;

/** Listens on the loopback address only: this machine can connect, no other. A record, so exports share a port. */
record LoopbackServerSocketFactory() implements RMIServerSocketFactory {
    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ServerSocket(port, 256, InetAddress.getLoopbackAddress());
    }
}

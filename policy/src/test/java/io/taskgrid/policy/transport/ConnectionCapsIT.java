package io.taskgrid.policy.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Finding 4 of issue 18: the cap in all holds across addresses, each under its own cap. */
class ConnectionCapsIT {
    /** What the test exports. */
    public interface Echo extends Remote {
        String echo(String text) throws RemoteException;
    }

    @Test
    void theCapInAllHoldsAcrossAddressesAndSlotsComeBackWhenConnectionsClose() throws Exception {
        RmiTransport transport = RmiTransport.plain()
                .withLimits(new ConnectionLimits(Duration.ofSeconds(4), 4, 6, Duration.ofMinutes(2)));
        Echo echo = text -> "echo " + text;
        int port = freePort();
        transport.export(echo, port);
        try {
            try (ConnectionFlood a = ConnectionFlood.open("127.0.0.2", port, 5, ConnectionFlood.Opening.IDLE);
                 ConnectionFlood b = ConnectionFlood.open("127.0.0.3", port, 5, ConnectionFlood.Opening.IDLE)) {
                // 4 from the first address (its cap), then 2 from the second (the cap in all): 4 closed at once.
                Waits.until(Duration.ofSeconds(5), () -> a.closedByServer() + b.closedByServer() >= 4,
                        "the server to close the connections over its caps");
                assertEquals(1, a.closedByServer(), "the first address is held to 4");
                assertEquals(3, b.closedByServer(), "the second gets what is left of 6 in all");
                Waits.until(Duration.ofSeconds(15), () -> a.closedByServer() + b.closedByServer() == 10,
                        "the deadline to close the idle rest");
            }
            // Every slot came back: a caller from a third address is served.
            Echo stub = (Echo) java.rmi.server.RemoteObject.toStub(echo);
            assertEquals("echo hi", stub.echo("hi"));
        } finally {
            UnicastRemoteObject.unexportObject(echo, true);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package io.taskgrid.agent;

import io.taskgrid.policy.transport.Waits;
import io.taskgrid.policy.transport.ConnectionFlood;
import io.taskgrid.policy.transport.ConnectionLimits;
import io.taskgrid.policy.transport.RmiTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding 4 of issue 18 on an agent: connections that never authenticate must not pin its threads. */
class AgentConnectionFloodIT {
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final int PER_ADDRESS = 64;

    @TempDir
    Path shared;
    @TempDir
    Path workDir;
    private FakeController controller;
    private AgentServer agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void idleAndSlowConnectionsAreCappedAndClosedWhileTheControllerCalls() throws Exception {
        controller = new FakeController(FakeController.freePort()).bind();
        int port = FakeController.freePort();
        AgentConfig config = new AgentConfig("127.0.0.1", controller.port, 2, shared, workDir, "flooded", port,
                Duration.ofMillis(200), AgentConfig.DEFAULT_MAX_OUTPUT_BYTES);
        RmiTransport transport = RmiTransport.plain()
                .withLimits(new ConnectionLimits(DEADLINE, PER_ADDRESS, 512, Duration.ofMinutes(2)));
        agent = AgentServer.start(config, CallerPolicy.allowAll(), transport, Clock.systemUTC());
        assertTrue(agent.awaitRegistered(Duration.ofSeconds(30)), "the agent registered");

        try (ConnectionFlood idle = ConnectionFlood.open("127.0.0.2", port, 300, ConnectionFlood.Opening.IDLE);
             ConnectionFlood slow = ConnectionFlood.open("127.0.0.3", port, 20, ConnectionFlood.Opening.RMI)) {
            int[] peak = new int[1];
            Waits.until(Duration.ofSeconds(10), () -> {
                peak[0] = Math.max(peak[0], rmiThreadsServing(idle.from(), slow.from()));
                return idle.closedByServer() >= 300 - PER_ADDRESS;
            }, "the agent to close the idle connections over the cap of " + PER_ADDRESS + " per address");

            // Meanwhile the controller's calls get through.
            assertFalse(controller.agent.cancel(12345, 1L, "no such task"), "the agent answers the controller");

            Waits.until(DEADLINE.plusSeconds(7), () -> {
                slow.trickle();
                peak[0] = Math.max(peak[0], rmiThreadsServing(idle.from(), slow.from()));
                return slow.closedByServer() == slow.size() && idle.closedByServer() == idle.size();
            }, "the agent to close every slow and idle connection after its first-call deadline");
            assertTrue(peak[0] <= PER_ADDRESS + slow.size() + 4, "RMI threads for the attacking addresses peaked at "
                    + peak[0] + "; at most " + (PER_ADDRESS + slow.size()) + " connections were let in");
        }
    }

    private static int rmiThreadsServing(String... addresses) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (String address : addresses) {
                if (t.getName().startsWith("RMI TCP Connection(") && t.getName().endsWith(")-" + address)) {
                    n++;
                }
            }
        }
        return n;
    }
}

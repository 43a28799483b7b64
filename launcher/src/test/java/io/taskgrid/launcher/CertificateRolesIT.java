package io.taskgrid.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, finding 3 (and the TLS half of 1 and 9): identities are tied to certificates. Keys signed by the grid's
 * CA, used by a hand-written attacker ({@link RogueTls}) that skips TaskGrid's own checks: a client's key registering
 * as an agent, one agent's key registering as another, a second key of a connected agent's id, a client's key
 * calling an agent, and an agent's key posing as the controller to a console that holds a password.
 */
class CertificateRolesIT {
    private static final String TLS_PASSWORD = "store-secret";
    private static final String CA_PASSWORD = "ca-secret-1";
    private static final String USER_PASSWORD = "alice-password";

    @TempDir
    Path temp;
    private Launched launched;

    @AfterEach
    void stop() throws InterruptedException {
        if (launched != null) {
            launched.close();
        }
    }

    @Test
    void everyCertificateIsHeldToItsRoleAndItsName() throws Exception {
        Path tls = temp.resolve("tls");
        Path data = temp.resolve("data");
        Path shared = Files.createDirectories(temp.resolve("shared"));
        launched = new Launched(temp, Map.of("TASKGRID_TLS_PASSWORD", TLS_PASSWORD, "TASKGRID_CA_PASSWORD", CA_PASSWORD));
        List<String> none = List.of();
        Launched.Result init = launched.run(none, Map.of(), 120, "tls", "init", tls.toString(), "--controller", "127.0.0.1",
                "--agents", "node1@127.0.0.1,node2@127.0.0.1", "--clients", "laptop@localhost");
        assertEquals(0, init.exitCode(), init.output());
        assertTrue(Files.isRegularFile(tls.resolve("ca/ca.p12")) && !Files.exists(tls.resolve("ca.p12")),
                "the CA key is kept apart from the host keys: " + init.output());
        Launched.Result add = launched.run(none, Map.of("TASKGRID_PASSWORD", USER_PASSWORD), 60,
                "user", "add", "alice", "--admin", "--users", data.resolve("users").toString());
        assertEquals(0, add.exitCode(), add.output());

        int port = freePort();
        int agentPort = freePort();
        String truststore = tls.resolve("truststore.p12").toString();
        Launched.Running controller = launched.start(none, Map.of(), "controller", "--port", Integer.toString(port),
                "--data-dir", data.toString(), "--shared", shared.toString(), "--keystore", key(tls, "controller-127.0.0.1"),
                "--truststore", truststore, "--advertise", "127.0.0.1");
        controller.awaitLine("RMI over mutual TLS", 60);
        Launched.Running agent = launched.start(none, Map.of(), "agent", "--controller", "127.0.0.1:" + port, "--slots", "1",
                "--shared", shared.toString(), "--work-dir", temp.resolve("agent").toString(), "--port", Integer.toString(agentPort),
                "--keystore", key(tls, "agent-node1"), "--truststore", truststore, "--advertise", "127.0.0.1");
        agent.awaitLine("registered with the controller", 60);
        assertTrue(agent.all().toString().contains("agent node1 started"), "the agent's id comes from its certificate: " + agent.all());

        String asClient = rogue("register", key(tls, "client-laptop"), truststore, "127.0.0.1", Integer.toString(port), "node1");
        assertTrue(asClient.startsWith("REFUSED") && asClient.contains("client"), "a client's key cannot register an agent: " + asClient);

        String asOtherAgent = rogue("register", key(tls, "agent-node2"), truststore, "127.0.0.1", Integer.toString(port), "node1");
        assertTrue(asOtherAgent.startsWith("REFUSED") && asOtherAgent.contains("may not register as agent node1"),
                "node2's key cannot register as node1: " + asOtherAgent);

        Files.move(tls.resolve("agent-node1.p12"), temp.resolve("node1-first.p12"));
        Launched.Result again = launched.run(none, Map.of(), 120, "tls", "issue", tls.toString(), "--agents", "node1@127.0.0.1");
        assertEquals(0, again.exitCode(), again.output());
        String secondKey = rogue("register", key(tls, "agent-node1"), truststore, "127.0.0.1", Integer.toString(port), "node1");
        assertTrue(secondKey.startsWith("REFUSED") && secondKey.contains("connected already under another certificate"),
                "a second key of a connected agent's id is refused: " + secondKey);

        String clientToAgent = rogue("handshake", key(tls, "client-laptop"), truststore, "127.0.0.1", Integer.toString(agentPort));
        assertTrue(clientToAgent.startsWith("REFUSED"), "an agent takes calls from the controller's key only: " + clientToAgent);
        String controllerToAgent = rogue("handshake", key(tls, "controller-127.0.0.1"), truststore, "127.0.0.1",
                Integer.toString(agentPort));
        assertEquals("ACCEPTED", controllerToAgent, "the controller's own key still reaches the agent");

        Launched.Running impostor = launched.startTestMain(RogueTls.class, "impostor", key(tls, "agent-node2"), truststore, TLS_PASSWORD);
        String listening = impostor.awaitLine("LISTENING", 30);
        String impostorPort = listening.substring("LISTENING ".length()).strip();
        Launched.Result fooled = launched.run(none, Map.of("TASKGRID_CONTROLLER", "127.0.0.1:" + impostorPort,
                "TASKGRID_KEYSTORE", key(tls, "client-laptop"), "TASKGRID_TRUSTSTORE", truststore,
                "TASKGRID_USER", "alice", "TASKGRID_PASSWORD", USER_PASSWORD), 60, "history");
        assertNotEquals(0, fooled.exitCode(), fooled.output());
        String received = impostor.awaitLine("RECEIVED", 30);
        assertEquals("RECEIVED 0", received, "the console sent nothing to a peer that is not a controller: " + impostor.all());

        Launched.Result real = launched.run(none, Map.of("TASKGRID_CONTROLLER", "127.0.0.1:" + port,
                "TASKGRID_KEYSTORE", key(tls, "client-laptop"), "TASKGRID_TRUSTSTORE", truststore,
                "TASKGRID_USER", "alice", "TASKGRID_PASSWORD", USER_PASSWORD), 60, "agents");
        assertEquals(0, real.exitCode(), real.output());
        assertTrue(real.output().contains("node1"), "the grid still serves its own: " + real.output());

        // The controller's certificate names 127.0.0.1, not localhost: with host names checked, only the first is it.
        Map<String, String> verifying = Map.of("TASKGRID_KEYSTORE", key(tls, "client-laptop"), "TASKGRID_TRUSTSTORE", truststore,
                "TASKGRID_USER", "alice", "TASKGRID_PASSWORD", USER_PASSWORD, "TASKGRID_VERIFY_HOSTNAMES", "true");
        Map<String, String> byName = new java.util.HashMap<>(verifying);
        byName.put("TASKGRID_CONTROLLER", "localhost:" + port);
        Launched.Result wrongName = launched.run(none, byName, 60, "agents");
        assertNotEquals(0, wrongName.exitCode(), wrongName.output());
        Map<String, String> byAddress = new java.util.HashMap<>(verifying);
        byAddress.put("TASKGRID_CONTROLLER", "127.0.0.1:" + port);
        Launched.Result rightName = launched.run(none, byAddress, 60, "agents");
        assertEquals(0, rightName.exitCode(), "the name in the certificate passes: " + rightName.output());
    }

    private String rogue(String... args) throws Exception {
        String[] withPassword = new String[args.length + 1];
        withPassword[0] = args[0];
        withPassword[1] = args[1];
        withPassword[2] = args[2];
        withPassword[3] = TLS_PASSWORD;
        System.arraycopy(args, 3, withPassword, 4, args.length - 3);
        Launched.Running r = launched.startTestMain(RogueTls.class, withPassword);
        assertTrue(r.process().waitFor(60, TimeUnit.SECONDS), "the attacker ends: " + r.all());
        Thread.sleep(50);
        return r.all().toString().lines().filter(l -> l.startsWith("REGISTERED") || l.startsWith("REFUSED") || l.startsWith("ACCEPTED")
                || l.startsWith("EXECUTED")).findFirst().orElse("nothing said: " + r.all());
    }

    private static String key(Path tls, String name) {
        return tls.resolve(name + ".p12").toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

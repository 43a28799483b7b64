package io.taskgrid.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutual TLS end to end on this machine, each side its own JVM (the default SSL context is per JVM): keys from
 * `taskgrid tls init`, a controller and an agent over TLS, a client with keys and log-in runs a task, a client
 * without keys cannot even reach the registry, and a controller without TLS refuses to offer itself to the network.
 */
class TlsIT {
    private static final String TLS_PASSWORD = "store-secret";
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
    void aGridOverMutualTlsRunsTasksForKeyHoldersOnly() throws Exception {
        Path tls = temp.resolve("tls");
        Path data = temp.resolve("data");
        Path shared = Files.createDirectories(temp.resolve("shared"));
        launched = new Launched(temp, Map.of("TASKGRID_TLS_PASSWORD", TLS_PASSWORD));
        List<String> none = List.of();

        Launched.Result init = launched.run(none, Map.of("TASKGRID_CA_PASSWORD", "ca-secret-1"), 120, "tls", "init", tls.toString(), "--controller", "127.0.0.1",
                "--agents", "tls-agent@127.0.0.1", "--clients", "laptop@localhost");
        assertEquals(0, init.exitCode(), init.output());
        assertTrue(Files.isRegularFile(tls.resolve("controller-127.0.0.1.p12")) && Files.isRegularFile(tls.resolve("truststore.p12")),
                init.output());

        Launched.Result add = launched.run(none, Map.of("TASKGRID_PASSWORD", USER_PASSWORD), 60,
                "user", "add", "alice", "--admin", "--users", data.resolve("users").toString());
        assertEquals(0, add.exitCode(), add.output());

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String keystore = tls.resolve("controller-127.0.0.1.p12").toString();
        String truststore = tls.resolve("truststore.p12").toString();
        Launched.Running controller = launched.start(none, Map.of(), "controller", "--port", Integer.toString(port),
                "--data-dir", data.toString(), "--shared", shared.toString(), "--keystore", keystore, "--truststore", truststore,
                "--advertise", "127.0.0.1");
        controller.awaitLine("RMI over mutual TLS", 60);
        Launched.Running agent = launched.start(none, Map.of(), "agent", "--controller", "127.0.0.1:" + port, "--slots", "1",
                "--shared", shared.toString(), "--work-dir", temp.resolve("agent").toString(),
                "--keystore", tls.resolve("agent-tls-agent.p12").toString(), "--truststore", truststore, "--advertise", "127.0.0.1");
        agent.awaitLine("registered with the controller", 60);

        Files.writeString(shared.resolve("hello.sh"), "echo hello over tls\n");
        Map<String, String> client = Map.of("TASKGRID_CONTROLLER", "127.0.0.1:" + port, "TASKGRID_KEYSTORE", tls.resolve("client-laptop.p12").toString(),
                "TASKGRID_TRUSTSTORE", truststore, "TASKGRID_USER", "alice", "TASKGRID_PASSWORD", USER_PASSWORD);
        Launched.Result submitted = launched.run(none, client, 90, "submit", shared.resolve("hello.sh").toString(), "--wait");
        assertEquals(0, submitted.exitCode(), submitted.output());
        assertTrue(submitted.output().contains("hello over tls"), submitted.output());

        Launched.Result wrongPassword = launched.run(none, Map.of("TASKGRID_CONTROLLER", "127.0.0.1:" + port,
                "TASKGRID_KEYSTORE", tls.resolve("client-laptop.p12").toString(), "TASKGRID_TRUSTSTORE", truststore,
                "TASKGRID_USER", "alice", "TASKGRID_PASSWORD", "not-her-password"), 60, "history");
        assertEquals(2, wrongPassword.exitCode(), wrongPassword.output());
        assertTrue(wrongPassword.output().contains("Wrong user name or password"), wrongPassword.output());

        Launched.Result noKeys = launched.run(none, Map.of("TASKGRID_CONTROLLER", "127.0.0.1:" + port, "TASKGRID_USER", "alice",
                "TASKGRID_PASSWORD", USER_PASSWORD), 60, "history");
        assertNotEquals(0, noKeys.exitCode(), noKeys.output());
        assertTrue(noKeys.output().contains("127.0.0.1:" + port), noKeys.output());
    }

    @Test
    void aControllerOfferedToOtherMachinesRefusesToStartWithoutTls() throws Exception {
        launched = new Launched(temp, Map.of());
        Launched.Result r = launched.run(List.of(), Map.of(), 60, "controller", "--port", "0", "--data-dir", temp.resolve("d").toString(),
                "--advertise", "192.0.2.10");
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("--insecure") && r.output().contains("taskgrid tls init"), r.output());

        Launched.Result noUsers = launched.run(List.of(), Map.of(), 60, "controller", "--port", "0", "--data-dir",
                temp.resolve("d").toString(), "--insecure");
        assertEquals(2, noUsers.exitCode(), noUsers.output());
        assertTrue(noUsers.output().contains("taskgrid user add"), noUsers.output());
    }
}

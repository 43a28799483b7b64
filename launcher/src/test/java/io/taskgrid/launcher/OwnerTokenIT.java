package io.taskgrid.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code taskgrid local} runs without log-in and runs programs as whoever started it, so another user of the
 * machine who reaches its port on 127.0.0.1 could have run programs as its owner and read their output. Now only
 * the owner's processes, which can read the token, get in: another user's console and agent are refused, as the
 * other account itself (nobody, through setpriv) and as a process without the token.
 */
class OwnerTokenIT {
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
    void onlyTheOwnersProcessesGetIntoTheirLocalGrid() throws Exception {
        Path ownerData = temp.resolve("owner-xdg");
        Map<String, String> owner = Map.of("XDG_DATA_HOME", ownerData.toString());
        launched = new Launched(temp, Map.of());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Launched.Running local = launched.start(List.of(), owner, "local", "--port", Integer.toString(port), "--data-dir",
                temp.resolve("data").toString());
        local.awaitLine("TaskGrid local is running", 90);
        Path token = ownerData.resolve("taskgrid/owner/" + port);
        assertTrue(Files.isRegularFile(token), local.all().toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token.getParent())));

        Map<String, String> ownerConsole = Map.of("XDG_DATA_HOME", ownerData.toString(), "TASKGRID_CONTROLLER", "localhost:" + port);
        Launched.Result mine = launched.run(List.of(), ownerConsole, 60, "agents");
        assertEquals(0, mine.exitCode(), "the owner gets in: " + mine.output());

        Map<String, String> stranger = Map.of("XDG_DATA_HOME", temp.resolve("stranger-xdg").toString(),
                "TASKGRID_CONTROLLER", "localhost:" + port);
        Launched.Result refused = launched.run(List.of(), stranger, 60, "history");
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("takes commands only from the user who started it"), refused.output());

        if ("root".equals(System.getProperty("user.name"))) {
            // The other account itself, told where the owner's token lies: the folder and file modes keep it out.
            List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
            Launched.Result other = launched.run(asNobody, ownerConsole, 60, "history");
            assertNotEquals(0, other.exitCode(), other.output());
            assertTrue(other.output().contains("takes commands only from the user who started it"), other.output());
        }

        Launched.Running rogueAgent = launched.start(List.of(), stranger, "agent", "--controller", "localhost:" + port,
                "--slots", "1", "--work-dir", temp.resolve("rogue-agent").toString(), "--shared", temp.resolve("data/shared").toString(),
                "--id", "rogue");
        rogueAgent.awaitLine("takes commands only from the user who started it", 60);
        Launched.Result agents = launched.run(List.of(), ownerConsole, 60, "agents");
        assertEquals(0, agents.exitCode(), agents.output());
        assertFalse(agents.output().contains("rogue"), "no task goes to a stranger's agent: " + agents.output());
        rogueAgent.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        local.process().toHandle().destroy();
        local.awaitLine("Stopped.", 30);
        assertTrue(local.process().waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(token), "a stopped grid's token lets nobody in later");
    }

    @Test
    void aSecondLocalOnTheSamePortLeavesTheFirstOnesTokenAlone() throws Exception {
        Path ownerData = temp.resolve("owner-xdg");
        launched = new Launched(temp, Map.of("XDG_DATA_HOME", ownerData.toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Launched.Running local = launched.start(List.of(), Map.of(), "local", "--port", Integer.toString(port), "--data-dir",
                temp.resolve("data").toString());
        local.awaitLine("TaskGrid local is running", 90);
        Path token = ownerData.resolve("taskgrid/owner/" + port);
        String before = Files.readString(token);

        Launched.Result second = launched.run(List.of(), Map.of(), 90, "local", "--port", Integer.toString(port), "--data-dir",
                temp.resolve("data2").toString());
        assertNotEquals(0, second.exitCode(), "a second grid on a port in use: " + second.output());
        // It wrote its own token over the first one's, then deleted it: the first grid's owner was shut out.
        assertTrue(Files.isRegularFile(token), "the running grid's token is gone: " + second.output());
        assertEquals(before, Files.readString(token), "the running grid's token was replaced");
        Launched.Result mine = launched.run(List.of(), Map.of("TASKGRID_CONTROLLER", "localhost:" + port), 60, "agents");
        assertEquals(0, mine.exitCode(), "the owner of the running grid still gets in: " + mine.output());
    }

    @Test
    void withAnyFreePortTheOwnerStillGetsIn() throws Exception {
        Path ownerData = temp.resolve("owner-xdg");
        launched = new Launched(temp, Map.of("XDG_DATA_HOME", ownerData.toString()));
        Launched.Running local = launched.start(List.of(), Map.of(), "local", "--port", "0", "--data-dir", temp.resolve("data").toString());
        String line = local.awaitLine("controller     localhost:", 90);
        String port = line.substring(line.lastIndexOf(':') + 1).strip();
        assertTrue(Files.isRegularFile(ownerData.resolve("taskgrid/owner/" + port)), "the token is named by the port in use: " + port);
        Launched.Result mine = launched.run(List.of(), Map.of("TASKGRID_CONTROLLER", "localhost:" + port), 60, "agents");
        assertEquals(0, mine.exitCode(), mine.output());
    }
}

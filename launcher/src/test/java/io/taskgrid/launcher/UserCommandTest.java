package io.taskgrid.launcher;

import io.taskgrid.console.ConsoleEnvironment;
import io.taskgrid.policy.users.UserStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code taskgrid user …} on a users file, with the password from TASKGRID_PASSWORD (no terminal in tests). */
class UserCommandTest {
    @TempDir
    Path home;

    private CliResult run(Map<String, String> variables, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ConsoleEnvironment env = new ConsoleEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), variables, false,
                ConsoleEnvironment.system().connector());
        int code = Main.commandLine(env, new ServerEnvironment(variables, home.toString())).execute(args);
        return new CliResult(code, out.toString(), err.toString());
    }

    @Test
    void addsListsChangesAndRemovesUsersInAFileOnlyItsOwnerReads() throws Exception {
        Path users = home.resolve("users");
        CliResult added = run(Map.of("TASKGRID_PASSWORD", "first-password"), "user", "add", "alice", "--admin", "--users", users.toString());
        assertEquals(0, added.exitCode(), added.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertTrue(new UserStore(users).authenticate("alice", "first-password".toCharArray()).orElseThrow().isAdmin());

        CliResult again = run(Map.of("TASKGRID_PASSWORD", "first-password"), "user", "add", "alice", "--users", users.toString());
        assertEquals(2, again.exitCode(), again.toString());
        assertTrue(again.err().contains("already exists"), again.toString());

        CliResult changed = run(Map.of("TASKGRID_PASSWORD", "second-password"), "user", "passwd", "alice", "--users", users.toString());
        assertEquals(0, changed.exitCode(), changed.toString());
        assertTrue(new UserStore(users).authenticate("alice", "second-password".toCharArray()).isPresent());
        assertFalse(new UserStore(users).authenticate("alice", "first-password".toCharArray()).isPresent());

        CliResult listed = run(Map.of(), "user", "list", "--users", users.toString());
        assertTrue(listed.out().contains("alice") && listed.out().contains("admin"), listed.toString());

        assertEquals(0, run(Map.of(), "user", "remove", "alice", "--users", users.toString()).exitCode());
        assertTrue(new UserStore(users).isEmpty());
    }

    @Test
    void withoutATerminalOrTheVariableItSaysHowToGiveThePassword() {
        CliResult r = run(Map.of(), "user", "add", "bob", "--users", home.resolve("users").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("TASKGRID_PASSWORD"), r.toString());
    }

    @Test
    void aShortPasswordIsRefused() {
        CliResult r = run(Map.of("TASKGRID_PASSWORD", "short"), "user", "add", "bob", "--users", home.resolve("users").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("at least 8"), r.toString());
    }
}

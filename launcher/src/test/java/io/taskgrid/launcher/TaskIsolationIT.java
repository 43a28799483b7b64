package io.taskgrid.launcher;

import io.taskgrid.agent.execution.RunAs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 18, finding 2, against a real controller and agent: the agent's environment holds its key store password and
 * its key is beside it; a task prints its environment, tries to read the key and reports who it runs as. With
 * {@code agent --run-as} it gets neither, and a submitter's {@code --env} reaches it without being shown by
 * {@code show}.
 */
class TaskIsolationIT {
    @TempDir
    Path temp;
    private Jvms jvms;
    private String account;

    @BeforeEach
    void start() throws Exception {
        jvms = new Jvms(temp);
        assumeTrue(new ProcessBuilder("id", "-u").start().inputReader().readLine().equals("0"), "needs root for --run-as");
        account = "taskgrid-it-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        assertEquals(0, new ProcessBuilder("useradd", "--system", "--no-create-home", account).inheritIO().start().waitFor());
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @AfterEach
    void stop() throws Exception {
        jvms.close();
        if (account != null) {
            Process userdel = new ProcessBuilder("userdel", account).inheritIO().start();
            userdel.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTaskSeesNoSecretOfTheAgentCannotReadItsKeyAndGetsTheSubmittersVariables() throws Exception {
        int port = Jvms.freePort();
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path agentDir = Files.createDirectories(temp.resolve("agent"));
        Path key = Files.writeString(agentDir.resolve("agent.p12"), "PRIVATE-KEY-BYTES\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        jvms.launch("controller", "--port", Integer.toString(port), "--data-dir", temp.resolve("data").toString(),
                "--shared", shared.toString()).awaitLine("listening on port " + port, 60);
        jvms.launch(Map.of("TASKGRID_TLS_PASSWORD", "tls-s3cret", "SMTP_PASSWORD", "mail-s3cret"), "agent",
                "--controller", "localhost:" + port, "--slots", "1", "--shared", shared.toString(),
                "--work-dir", agentDir.toString(), "--run-as", account).awaitLine("as " + account, 60);
        Grid.Cli cli = new Grid.Cli(port, temp);
        long deadline = System.nanoTime() + 40_000_000_000L;
        while (System.nanoTime() < deadline && !cli.run("agents").out().contains("sh")) {
            Thread.sleep(250);
        }
        Path program = Files.writeString(shared.resolve("probe.sh"),
                "echo \"uid=$(id -u)\"\nenv\ncat " + key + " || echo key-unreadable\n");

        CliResult run = cli.run("submit", program.toString(), "--env", "MODE=very-fast", "--wait");

        assertEquals(0, run.exitCode(), run.toString());
        assertFalse(run.out().contains("s3cret"), run.out());
        assertFalse(run.out().contains("PRIVATE-KEY-BYTES"), run.out());
        assertTrue(run.out().contains("key-unreadable"), run.out());
        assertTrue(run.out().contains("MODE=very-fast"), run.out());
        assertTrue(run.out().contains("USER=" + account), run.out());
        String uid = run.out().lines().filter(l -> l.startsWith("uid=")).findFirst().orElseThrow().substring(4);
        assertNotEquals("0", uid);
        assertEquals(Integer.toString(RunAs.resolve(account, java.util.Optional.of(Path.of("/usr/bin/setpriv"))).uid()), uid);

        Path quiet = Files.writeString(shared.resolve("quiet.sh"), "true\n");
        CliResult second = cli.run("submit", quiet.toString(), "--env", "TOKEN=abc123xyz", "--json", "--wait");
        assertEquals(0, second.exitCode(), second.toString());
        assertFalse(second.out().contains("abc123xyz"), second.out());
        String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(second.out()).get("id").asText();
        CliResult show = cli.run("show", id);
        assertEquals(0, show.exitCode(), show.toString());
        assertFalse(show.out().contains("abc123xyz"), "show prints no variable's value: " + show.out());
        assertFalse(cli.run("show", id, "--json").out().contains("abc123xyz"));
    }

    @Test
    void runAsUnknownAccountIsRefusedAtStartInASentence() throws Exception {
        Jvms.Jvm agent = jvms.launch("agent", "--controller", "localhost:" + Jvms.freePort(), "--shared",
                Files.createDirectories(temp.resolve("shared")).toString(), "--work-dir", temp.resolve("agent").toString(),
                "--run-as", "no-such-account-4711");
        String line = agent.awaitLine("no-such-account-4711", 60);
        assertTrue(line.contains("There is no account 'no-such-account-4711'"), line);
        assertTrue(agent.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, agent.process().exitValue());
    }
}

package io.taskgrid.agent.execution;

import io.taskgrid.agent.runtime.RuntimeDetector;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finding 2 of issue 18: with {@code --run-as} a task runs as another, unprivileged account and cannot read the
 * agent's files (its keys); the agent still collects its results. Needs root (as here and in CI): a throw-away
 * account is created for the test and deleted after.
 */
class RunAsIT {
    @TempDir
    Path root;

    private String account;
    private TaskRunner runner;

    @BeforeEach
    void createAccount() throws Exception {
        assumeTrue(RunAs.maySwitchUser(), "needs root to switch to another account");
        account = "taskgrid-it-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        assertEquals(0, run("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", account), "useradd");
        // The way to the agent's work folder must let the account pass (docs/deploy.md says so).
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @AfterEach
    void deleteAccount() throws Exception {
        if (runner != null) {
            runner.close();
        }
        if (account != null) {
            run("userdel", account);
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        return p.exitValue();
    }

    private ExecutionSettings settings(Path shared) {
        return new ExecutionSettings("agent-run-as", "localhost", 1, new SharedRoot(shared), root.resolve("agent/tasks"),
                1024 * 1024, RuntimeDetector.onPath("setsid"), RuntimeDetector.onPath("kill"),
                RuntimeDetector.onPath("setpriv"));
    }

    private TaskOutcome execute(ExecutionSettings settings, TaskAssignment task) throws Exception {
        CompletableFuture<TaskOutcome> finished = new CompletableFuture<>();
        runner = new TaskRunner(settings, new RuntimeDetector().detect(), new ReportSink() {
            @Override
            public void taskStarted(TaskAssignment task, Instant startedAt) {
            }

            @Override
            public void taskFinished(TaskOutcome outcome) {
                finished.complete(outcome);
            }
        }, Clock.systemUTC());
        runner.execute(task);
        return finished.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aTaskRunsAsTheOtherAccountCannotReadTheAgentsKeyAndItsResultsAreCollected() throws Exception {
        Path shared = Files.createDirectory(root.resolve("shared"));
        Path key = Files.writeString(root.resolve("agent-key.p12"), "KEY-MATERIAL-0600\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        RunAs as = RunAs.resolve(account, RuntimeDetector.onPath("setpriv"));
        String script = String.join("\n",
                "id -u",
                "echo \"user=$USER home=$HOME\"",
                "cat " + key + " || echo could-not-read",
                "echo made by the task > made.txt",
                "");
        TaskOutcome o = execute(settings(shared).withRunAs(Optional.of(as)), new TaskAssignment(1, 1, 1L, "runas", null,
                ProgramSource.inline("who.sh", script.getBytes(StandardCharsets.UTF_8)), Language.SHELL, List.of(), null, null));

        assertEquals(TaskState.SUCCEEDED, o.state(), o.message() + " " + o.errorOutput());
        List<String> lines = o.output().lines().toList();
        assertEquals(Integer.toString(as.uid()), lines.get(0), o.output());
        assertNotEquals("0", lines.get(0));
        assertEquals("user=" + account + " home=/nonexistent", lines.get(1));
        assertFalse(o.output().contains("KEY-MATERIAL"), o.output());
        assertTrue(o.output().contains("could-not-read"), o.output());
        assertTrue(o.errorOutput().contains("Permission denied"), o.errorOutput());

        Path result = shared.resolve(o.resultPath());
        assertEquals("made by the task\n", Files.readString(result.resolve("made.txt")), "the agent collected the result");
        for (String agentsFile : List.of("exit_code", "execution.log", "made.txt", "stdout.txt")) {
            assertEquals(0, Files.getAttribute(result.resolve(agentsFile), "unix:uid"), agentsFile + " stays the agent's");
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(result.resolve(agentsFile))));
        }
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(result)));
    }

    @Test
    void theSubmittersVariablesReachTheProgramButNeverSetprivWhichStartsAsRoot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "needs gcc to build the preloaded library");
        Path shared = Files.createDirectory(root.resolve("shared"));
        Path marks = Files.createDirectory(root.resolve("marks"));
        Files.setPosixFilePermissions(marks, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path source = Files.writeString(root.resolve("mark.c"), "#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n"
                + "__attribute__((constructor)) static void mark(void) { char p[512]; const char *d = getenv(\"MARK_DIR\");"
                + " if (!d) return; snprintf(p, sizeof p, \"%s/uid-%d\", d, (int) geteuid()); FILE *f = fopen(p, \"w\");"
                + " if (f) fclose(f); }\n");
        Path library = root.resolve("mark.so");
        assertEquals(0, run("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString()));
        Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwxr-xr-x"));
        RunAs as = RunAs.resolve(account, RuntimeDetector.onPath("setpriv"));

        // The attack, shown on setpriv itself: a preloaded library runs as root before setpriv drops to the account.
        ProcessBuilder direct = new ProcessBuilder(as.setpriv().toString(), "--reuid=" + as.uid(), "--regid=" + as.gid(),
                "--init-groups", "--", "true");
        direct.environment().put("LD_PRELOAD", library.toString());
        direct.environment().put("MARK_DIR", marks.toString());
        assertEquals(0, direct.start().waitFor());
        assertTrue(Files.exists(marks.resolve("uid-0")), "the attack works on a bare setpriv");
        Files.delete(marks.resolve("uid-0"));

        TaskOutcome o = execute(settings(shared).withRunAs(Optional.of(as)), new TaskAssignment(1, 1, 1L, "runas", null,
                ProgramSource.inline("v.sh", "echo \"mode=$MODE\"\n".getBytes(StandardCharsets.UTF_8)), Language.SHELL,
                List.of(), null, null, java.util.Map.of("MODE", "fast", "LD_PRELOAD", library.toString(),
                        "MARK_DIR", marks.toString())));
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message() + " " + o.errorOutput());
        assertEquals("mode=fast\n", o.output());
        assertTrue(Files.exists(marks.resolve("uid-" + as.uid())), "the library was preloaded into the account's program");
        assertFalse(Files.exists(marks.resolve("uid-0")), "but never into anything that ran as root");
    }

    @Test
    void withoutRunAsTheSameTaskReadsTheAgentsKey() throws Exception {
        Path shared = Files.createDirectory(root.resolve("shared"));
        Path key = Files.writeString(root.resolve("agent-key.p12"), "KEY-MATERIAL-0600\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        TaskOutcome o = execute(settings(shared), new TaskAssignment(1, 1, 1L, "runas", null,
                ProgramSource.inline("who.sh", ("cat " + key + "\n").getBytes(StandardCharsets.UTF_8)), Language.SHELL,
                List.of(), null, null));
        assertEquals("KEY-MATERIAL-0600\n", o.output(), "the attack --run-as defends against");
    }

    @Test
    void aWorkFolderTheAccountCannotReachIsRefusedAtStartWithTheFix() throws Exception {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        RunAs as = RunAs.resolve(account, RuntimeDetector.onPath("setpriv"));
        Path shared = Files.createDirectory(root.resolve("shared"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TaskRunner(
                settings(shared).withRunAs(Optional.of(as)), new RuntimeDetector().detect(),
                new ReportSink() {
                    @Override
                    public void taskStarted(TaskAssignment task, Instant startedAt) {
                    }

                    @Override
                    public void taskFinished(TaskOutcome outcome) {
                    }
                }, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("cannot reach " + root) && e.getMessage().contains("chmod o+x"), e.getMessage());
    }

    @Test
    void anUnknownAccountOrRootIsRefusedWithASentence() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> RunAs.resolve("no-such-account-4711", RuntimeDetector.onPath("setpriv")));
        assertTrue(unknown.getMessage().startsWith("There is no account 'no-such-account-4711'"), unknown.getMessage());
        IllegalArgumentException rootAccount = assertThrows(IllegalArgumentException.class,
                () -> RunAs.resolve("root", RuntimeDetector.onPath("setpriv")));
        assertTrue(rootAccount.getMessage().contains("unprivileged"), rootAccount.getMessage());
    }
}

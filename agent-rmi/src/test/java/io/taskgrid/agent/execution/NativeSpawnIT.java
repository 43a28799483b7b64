package io.taskgrid.agent.execution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** posix_spawn through JNA on real processes: one start, its own session, only stdio inherited. */
class NativeSpawnIT {
    private static NativeSpawn spawn;

    @TempDir
    Path folder;

    @BeforeAll
    static void load() {
        spawn = NativeSpawn.load().orElseThrow(() -> new AssertionError("posix_spawn and pidfds should be usable on this Linux"));
    }

    private SpawnedProgram start(List<String> command, String... environment) throws IOException {
        return new SpawnedProgram(spawn, spawn.start(command, folder, new NativeSpawn.Environment(environment), false, true));
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theProgramLeadsItsOwnSessionAndGroupRunsInItsFolderAndSeesItsEnvironment() throws Exception {
        try (SpawnedProgram p = start(List.of("/bin/sh", "-c",
                "ps -o sid=,pgid= -p $$; pwd; echo \"$GREETING\"; echo oops >&2; exit 3"), "GREETING=hello there")) {
            String out = read(p.stdout());
            String err = read(p.stderr());
            p.waitFor();
            assertEquals(3, p.exitValue());
            String[] lines = out.split("\n");
            assertEquals(p.pid() + " " + p.pid(), lines[0].trim().replaceAll("\\s+", " "), "session and group are its own pid");
            assertEquals(folder.toRealPath().toString(), lines[1]);
            assertEquals("hello there", lines[2]);
            assertEquals("oops\n", err);
            assertTrue(p.groupLeader());
        }
    }

    @Test
    void aProgramsOwnVariablesAreAddedToTheAgentsAndReplaceTheSameName() throws Exception {
        NativeSpawn.Environment agent = new NativeSpawn.Environment(new String[]{"PATH=/usr/bin:/bin", "KEEP=agent's", "TASK=agent's"});
        for (int task = 1; task <= 3; task++) {
            NativeSpawn.Environment own = agent.with(Map.of("TASK", "task " + task, "ADDED", "x" + task));
            try (SpawnedProgram p = new SpawnedProgram(spawn, spawn.start(List.of("/bin/sh", "-c", "env | sort"), folder, own, false, true))) {
                String out = read(p.stdout());
                read(p.stderr());
                p.waitFor();
                List<String> ours = List.of(out.trim().split("\n")).stream()
                        .filter(l -> l.matches("(ADDED|KEEP|PATH|TASK)=.*")).toList();
                assertEquals(List.of("ADDED=x" + task, "KEEP=agent's", "PATH=/usr/bin:/bin", "TASK=task " + task), ours, out);
            }
        }
    }

    @Test
    void onlyStdinStdoutAndStderrAreInherited() throws Exception {
        try (SpawnedProgram p = start(List.of("/bin/sh", "-c", "exec ls /proc/self/fd"))) {
            String out = read(p.stdout());
            read(p.stderr());
            p.waitFor();
            // 0, 1, 2 and the descriptor ls opened to list the folder itself
            assertEquals(List.of("0", "1", "2", "3"), List.of(out.trim().split("\\s+")), out);
        }
    }

    @Test
    void stdinIsTheNullDevice() throws Exception {
        try (SpawnedProgram p = start(List.of("/bin/sh", "-c", "readlink /proc/self/fd/0; cat"))) {
            assertEquals("/dev/null\n", read(p.stdout()));
            p.waitFor();
            assertEquals(0, p.exitValue());
        }
    }

    @Test
    void aSignalEndsItWith128PlusTheSignalAndWaitingWithALimitReturnsFalseWhileItRuns() throws Exception {
        try (SpawnedProgram p = start(List.of("/bin/sleep", "30"))) {
            assertFalse(p.waitFor(50), "sleep 30 is still running");
            assertTrue(p.isAlive());
            assertTrue(p.handle().isPresent());
            p.kill();
            assertTrue(p.waitFor(10_000), "SIGKILL ended it");
            assertFalse(p.isAlive());
            assertEquals(128 + 9, p.exitValue());
            assertTrue(p.handle().isEmpty(), "no handle once reaped: the pid may belong to someone else");
            p.kill(); // harmless once reaped
            read(p.stdout());
            read(p.stderr());
        }
    }

    @Test
    void aScriptWithoutInterpreterLineRunsWithShAsWithProcessBuilder() throws Exception {
        Path script = folder.resolve("plain");
        Files.writeString(script, "echo \"ran as a script: $0:$1:$2\"\n");
        assertTrue(script.toFile().setExecutable(true));
        try (SpawnedProgram p = start(List.of(script.toString(), "one", "two words"))) {
            assertEquals("ran as a script: " + script + ":one:two words\n", read(p.stdout()));
            read(p.stderr());
            p.waitFor();
            assertEquals(0, p.exitValue());
        }
    }

    @Test
    void aMissingProgramFailsWithItsNameAndReason() {
        IOException e = assertThrows(IOException.class, () -> start(List.of(folder.resolve("nothing-here").toString())));
        assertTrue(e.getMessage().contains("nothing-here") && e.getMessage().contains("No such file"), e.getMessage());
    }

    @Test
    void closingARunningProgramKillsAndReapsIt() throws Exception {
        SpawnedProgram p = start(List.of("/bin/sleep", "30"));
        long pid = p.pid();
        p.close();
        p.close(); // idempotent
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertTrue(handle.isEmpty() || !handle.get().info().command().orElse("").endsWith("sleep"),
                "sleep 30 was killed and reaped: no zombie left");
        assertThrows(IOException.class, () -> p.stdout().read(), "its pipes were closed with it");
    }

    @Test
    void oneThreadReadsBothPipesUntilTheEndThenWhatIsLeft() throws Exception {
        Path outFile = folder.resolve("out");
        Path errFile = folder.resolve("err");
        try (SpawnedProgram p = start(List.of("/bin/sh", "-c",
                "i=0; while [ $i -lt 2000 ]; do echo line $i; echo err $i >&2; i=$((i+1)); done; exit 5"));
             OutputPump.Sink out = new OutputPump.Sink(outFile, 1_000_000);
             OutputPump.Sink err = new OutputPump.Sink(errFile, 100)) {
            assertTrue(p.drainUntilEnd(out, err, 30_000), "it ended");
            assertTrue(p.drainRest(out, err, 10_000), "nothing else holds its pipes");
            assertEquals(5, p.exitValue());
            assertTrue(out.result().excerpt().endsWith("line 1999\n"));
            assertEquals(100, err.result().keptBytes(), "capped");
            assertTrue(err.result().capped());
            out.close();
            assertTrue(Files.readString(outFile).startsWith("line 0\nline 1\n"));
        }
    }

    @Test
    void drainingStopsAtTheLimitAndWhatIsLeftIsGivenUpWhenAnEscapedChildHoldsThePipe() throws Exception {
        String marker = "taskgrid-escaped-" + java.util.UUID.randomUUID();
        // The subshell exits at once: its child, in a session of its own, is nobody's descendant any more.
        try (SpawnedProgram p = start(List.of("/bin/sh", "-c",
                "(setsid /bin/sh -c 'sleep 30; true' " + marker + " &); echo started; exec sleep 30"));
             OutputPump.Sink out = new OutputPump.Sink(folder.resolve("out"), 1000);
             OutputPump.Sink err = new OutputPump.Sink(folder.resolve("err"), 1000)) {
            assertFalse(p.drainUntilEnd(out, err, 300), "sleep 30 runs past the limit");
            new ProcessTree(GroupSignals.load(), Optional.empty(), Optional.of(spawn), java.util.Map.of("PATH", System.getenv("PATH")), Optional.empty()).killAll(p);
            p.waitFor();
            assertFalse(p.drainRest(out, err, 300), "the child in its own session still holds stdout");
            assertEquals("started\n", out.result().excerpt());
        } finally {
            GroupSignals signals = GroupSignals.load().orElseThrow();
            ProcessHandle.allProcesses()
                    .filter(h -> h.info().commandLine().orElse("").contains(marker))
                    .forEach(h -> signals.killGroup(h.pid())); // it leads its own group: its sleep goes too
        }
    }

    @Test
    void theProcessTreeStartsTasksDirectlyUnderTheGuardAndFallsBackWhenClosed() throws Exception {
        Optional<Path> setsid = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream().filter(Files::isExecutable).findFirst();
        try (ProcessTree tree = new ProcessTree(GroupSignals.load(), Optional.empty(), Optional.of(spawn), java.util.Map.of("PATH", System.getenv("PATH")), Optional.empty())) {
            Program direct = tree.startProgram(List.of("/bin/sh", "-c", "echo $TASKGRID_X"), folder, Map.of("TASKGRID_X", "x1"), Map.of(),
                    setsid, Optional.empty());
            assertTrue(direct instanceof SpawnedProgram, "started by posix_spawn");
            assertTrue(tree.spawnsDirectly());
            assertEquals("x1\n", read(direct.stdout()));
            read(direct.stderr());
            direct.waitFor();
            tree.killAll(direct);
            tree.ended(direct);
            assertEquals(0, direct.exitValue());
            direct.close();

            tree.close();
            assertFalse(tree.spawnsDirectly());
            Program fallback = tree.startProgram(List.of("/bin/sh", "-c", "echo $TASKGRID_X"), folder, Map.of("TASKGRID_X", "x2"), Map.of(),
                    setsid, Optional.empty());
            assertTrue(fallback instanceof JdkProgram, "without the guard: ProcessBuilder");
            assertEquals(setsid.isPresent(), fallback.groupLeader());
            assertEquals("x2\n", read(fallback.stdout()));
            fallback.waitFor();
            fallback.close();
        }
    }
}

package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole path of a task through the real command line, controller and two agents over RMI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
    private Path temp;
    private Grid grid;

    @BeforeAll
    void startGrid(@TempDir Path folder) throws Exception {
        temp = folder;
        grid = Grid.start(temp, 4, 2, 2);
    }

    @AfterAll
    void stopGrid() {
        grid.close();
    }

    /** Installed runtimes as the agents report them, by language name. */
    private Set<String> installedLanguages() {
        Set<String> names = new HashSet<>();
        for (JsonNode agent : grid.json("agents")) {
            for (JsonNode runtime : agent.get("runtimes")) {
                names.add(runtime.asText());
            }
        }
        return names;
    }

    @Test
    void runsAProgramOfEveryInstalledLanguageAndStoresItsResult() throws Exception {
        Map<String, String[]> programs = new LinkedHashMap<>();
        programs.put("python", new String[]{"prog.py", "import sys\nprint('python-ok', 6 * 7, sys.argv[1])\n"});
        programs.put("sh", new String[]{"prog.sh", "echo sh-ok $((6 * 7)) \"$1\"\n"});
        programs.put("bash", new String[]{"prog-bash.sh", "#!/usr/bin/env bash\nif [[ -n \"$1\" ]]; then echo bash-ok $((6 * 7)) \"$1\"; fi\n"});
        programs.put("java", new String[]{"Prog.java", "public class Prog { public static void main(String[] a) { System.out.println(\"java-ok \" + 6 * 7 + \" \" + a[0]); } }\n"});
        programs.put("node", new String[]{"prog.js", "console.log('node-ok', 6 * 7, process.argv[2]);\n"});
        programs.put("perl", new String[]{"prog.pl", "print \"perl-ok \", 6 * 7, \" $ARGV[0]\\n\";\n"});
        programs.put("ruby", new String[]{"prog.rb", "puts \"ruby-ok #{6 * 7} #{ARGV[0]}\"\n"});
        Set<String> installed = installedLanguages();
        assertTrue(installed.containsAll(Set.of("python", "sh", "bash", "java")),
                "CI installs python3; bash, sh and java are always there: " + installed);

        List<String> ran = new ArrayList<>();
        for (Map.Entry<String, String[]> e : programs.entrySet()) {
            if (!installed.contains(e.getKey())) {
                continue;
            }
            Path program = temp.resolve("local-programs").resolve(e.getValue()[0]);
            Files.createDirectories(program.getParent());
            Files.writeString(program, e.getValue()[1]);
            CliResult result = grid.run("submit", program.toString(), "arg-" + e.getKey(), "--project", "langs", "--wait");
            assertEquals(0, result.exitCode(), e.getKey() + ": " + result);
            assertTrue(result.out().contains(e.getKey() + "-ok 42 arg-" + e.getKey()), e.getKey() + ": " + result);
            ran.add(e.getKey());
        }
        assertTrue(ran.size() >= 4, "ran " + ran);

        JsonNode history = grid.json("history", "--project", "langs", "--limit", "50");
        assertEquals(ran.size(), history.size(), history.toString());
        for (JsonNode task : history) {
            assertEquals("SUCCEEDED", task.get("state").asText());
            assertFalse(task.get("agentId").isNull(), task.toString());
            Path result = grid.shared.resolve(task.get("resultPath").asText());
            assertEquals("0", Files.readString(result.resolve("exit_code")).trim(), result.toString());
            assertTrue(Files.readString(result.resolve("stdout.txt")).contains("-ok 42"), result.toString());
            assertTrue(Files.exists(result.resolve("execution.log")), result.toString());
        }
    }

    @Test
    void runsAPlainExecutableFromTheSharedFolder() throws Exception {
        Path echo = grid.shared.resolve("bin/my-echo");
        Files.createDirectories(echo.getParent());
        Files.copy(Path.of("/bin/echo"), echo);
        Files.setPosixFilePermissions(echo, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliResult result = grid.run("submit", echo.toString(), "plain", "executable", "--wait");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("plain executable"), result.toString());
    }

    @Test
    void historyAndShowTellTheStateTheOutputAndTheAgent() throws Exception {
        Path hello = grid.sharedFile("progs/hello.py", "print('hello from the grid')\n");
        JsonNode task = grid.json("submit", hello.toString(), "--project", "tour", "--wait");
        long id = task.get("id").asLong();
        String agentId = task.get("agentId").asText();
        assertEquals("SUCCEEDED", task.get("state").asText(), task.toString());
        assertTrue(grid.agents().stream().anyMatch(a -> a.agentId().equals(agentId)), agentId);

        CliResult history = grid.run("history", "--project", "tour");
        assertEquals(0, history.exitCode(), history.toString());
        String row = history.out().lines().filter(l -> l.contains(" " + id + " ") || l.contains(id + " ")).findFirst().orElse("");
        assertTrue(row.contains("✓"), history.toString());
        // Tables show a generated (UUID) agent id by its first 8 characters; `show` has it whole.
        assertTrue(row.contains(agentId.length() == 36 ? agentId.substring(0, 8) : agentId), history.toString());

        CliResult show = grid.run("show", Long.toString(id));
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.out().contains("hello from the grid"), show.toString());
        assertTrue(show.out().contains(agentId), show.toString());

        JsonNode shown = grid.json("show", Long.toString(id));
        for (String field : List.of("id", "state", "project", "projectId", "program", "agentId", "exitCode", "output",
                "errorOutput", "message", "submittedAt", "startedAt", "endedAt", "resultPath")) {
            assertTrue(shown.has(field), "show --json lacks " + field + ": " + shown);
        }
        assertEquals(0, shown.get("exitCode").asInt());
        assertTrue(shown.get("output").asText().contains("hello from the grid"));
    }

    @Test
    void agentsAndClientsListWhatIsConnected() {
        JsonNode agents = grid.json("agents");
        assertEquals(2, agents.size(), agents.toString());
        for (JsonNode agent : agents) {
            for (String field : List.of("id", "host", "slots", "running", "cpuLoad", "runtimes")) {
                assertTrue(agent.has(field), "agent lacks " + field + ": " + agent);
            }
            assertEquals(2, agent.get("slots").asInt());
        }
        JsonNode clients = grid.json("clients");
        assertTrue(clients.size() >= 1, "the listing client itself is connected: " + clients);
        for (String field : List.of("id", "user", "host", "connectedAt")) {
            assertTrue(clients.get(0).has(field), "client lacks " + field + ": " + clients);
        }
        CliResult text = grid.run("agents");
        assertEquals(0, text.exitCode(), text.toString());
        // The table shows a generated id by its first 8 characters (git-style; drain and resume take such a prefix).
        assertTrue(text.out().contains(grid.agents().get(0).agentId().substring(0, 8) + "  "), text.toString());
    }

    @Test
    void stagesDataFromTheSharedFolderAndKeepsTheFilesTheProgramWrote() throws Exception {
        grid.sharedFile("inputs/words.txt", "to be or not to be\n");
        Path program = grid.sharedFile("progs/count.py", String.join("\n",
                "import os",
                "words = open(os.environ['TASKGRID_DATA']).read().split()",
                "open('count.txt', 'w').write(str(len(words)))",
                "print('words:', len(words))", ""));
        JsonNode task = grid.json("submit", program.toString(), "--data", "inputs/words.txt", "--wait");
        assertEquals("SUCCEEDED", task.get("state").asText(), task.toString());
        assertTrue(task.get("output").asText().contains("words: 6"), task.toString());
        Path result = grid.shared.resolve(task.get("resultPath").asText());
        assertEquals("6", Files.readString(result.resolve("count.txt")));
    }

    @Test
    void refusesAMissingProgramWithExitCode2() {
        CliResult result = grid.run("submit", "no/such/program.py");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().toLowerCase().contains("program"), result.toString());
    }

    @Test
    void refusesDataOutsideTheSharedFolder() throws Exception {
        Path hello = grid.sharedFile("progs/hello2.py", "print('hi')\n");
        Path outside = Files.writeString(temp.resolve("outside.csv"), "1,2\n");
        Files.createSymbolicLink(grid.shared.resolve("escape.csv"), outside);
        for (String data : List.of("../outside.csv", outside.toString(), "escape.csv", "missing.csv")) {
            CliResult result = grid.run("submit", hello.toString(), "--data", data);
            assertEquals(2, result.exitCode(), data + ": " + result);
            assertFalse(result.err().isBlank(), data + ": " + result);
            assertFalse(result.err().contains("Exception"), "a sentence, not a stack trace: " + result);
        }
    }

    @Test
    void refusesAProgramWhoseLanguageCannotBeTold() throws Exception {
        Path unknown = grid.sharedFile("progs/script.xyz", "whatever\n");
        CliResult result = grid.run("submit", unknown.toString());
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("script.xyz"), result.toString());
    }

    @Test
    void aSyntaxErrorFailsWithTheInterpretersLine() throws Exception {
        Path broken = grid.sharedFile("progs/broken.py", "x = 1\ndef f(:\n    pass\n");
        CliResult result = grid.run("submit", broken.toString(), "--wait");
        assertEquals(1, result.exitCode(), result.toString());
        // The checker's lines once (on stderr, as the program's would be), then a sentence that points up to them.
        assertEquals(1, result.err().split("SyntaxError", -1).length - 1, result.err());
        assertTrue(result.err().endsWith(" failed: Syntax error in broken.py (see above).\n"), result.err());
        JsonNode task = grid.json("history", "--state", "FAILED", "--limit", "1").get(0);
        JsonNode shown = grid.json("show", task.get("id").asText());
        String message = shown.get("message").asText();
        assertTrue(message.toLowerCase().contains("syntax"), message);
        assertTrue(message.contains("line 2"), message);
        assertTrue(shown.get("exitCode").isNull() || shown.get("exitCode").asInt() != 0, shown.toString());
    }

    @Test
    void aNonZeroExitFailsTheTask() throws Exception {
        Path failing = grid.sharedFile("progs/fail.sh", "echo about to fail >&2\nexit 3\n");
        CliResult result = grid.run("submit", failing.toString(), "--wait");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("about to fail"), result.toString());
        assertTrue(result.err().contains("3"), result.toString());
    }

    @Test
    void aProgramThatNeverEndsIsStoppedByItsTimeout() throws Exception {
        Path forever = grid.sharedFile("progs/forever.sh",
                "sh -c 'sleep 1000; echo timeout-child-marker' &\nwhile true; do sleep 1; done\n");
        long before = System.nanoTime();
        CliResult result = grid.run("submit", forever.toString(), "--timeout", "2s", "--wait");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(System.nanoTime() - before < 30_000_000_000L, "the timeout ended it");
        JsonNode task = grid.json("history", "--state", "FAILED", "--limit", "1").get(0);
        String message = grid.json("show", task.get("id").asText()).get("message").asText();
        assertTrue(message.toLowerCase().contains("timed out"), message);
        assertNoProcessMentions("forever.sh");
        assertNoProcessMentions("timeout-child-marker");
    }

    @Test
    void hugeOutputIsCappedAndTheTaskStillEnds() throws Exception {
        // 100 MB on stdout.
        Path noisy = grid.sharedFile("progs/noisy.py", String.join("\n",
                "import sys",
                "line = 'x' * 1023 + '\\n'",
                "for _ in range(100 * 1024):",
                "    sys.stdout.write(line)",
                "print('the end')", ""));
        JsonNode task = grid.json("submit", noisy.toString(), "--wait");
        assertEquals("SUCCEEDED", task.get("state").asText(), task.toString());
        JsonNode shown = grid.json("show", task.get("id").asText());
        assertTrue(shown.get("output").asText().length() <= 128 * 1024, "the excerpt is bounded");
        Path stdout = grid.shared.resolve(shown.get("resultPath").asText()).resolve("stdout.txt");
        assertTrue(Files.size(stdout) <= 100L * 1024 * 1024, "stored output is capped: " + Files.size(stdout));
    }

    @Test
    void cancelStopsARunningTask() throws Exception {
        Path slow = grid.sharedFile("progs/slow-cancel.sh",
                "sh -c 'sleep 1000; echo cancel-child-marker' &\nwait\n");
        JsonNode task = grid.json("submit", slow.toString());
        long id = task.get("id").asLong();
        awaitState(id, "RUNNING");
        CliResult cancel = grid.run("cancel", Long.toString(id));
        assertEquals(0, cancel.exitCode(), cancel.toString());
        assertEquals(1, grid.run("watch", Long.toString(id)).exitCode(), "a cancelled task ends the watch with 1");
        assertEquals("CANCELLED", grid.json("show", Long.toString(id)).get("state").asText());
        assertNoProcessMentions("slow-cancel.sh");
        assertNoProcessMentions("cancel-child-marker");
    }

    @Test
    void unknownTaskIdIsBadInput() {
        CliResult result = grid.run("show", "999999");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("999999"), result.toString());
    }

    static void assertNoProcessMentions(String marker) {
        List<String> left = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(marker))
                .toList();
        assertTrue(left.isEmpty(), "processes left behind: " + left);
    }

    private void awaitState(long id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String seen = "";
        while (System.nanoTime() < deadline) {
            JsonNode task = grid.json("show", Long.toString(id));
            assertNotNull(task);
            seen = task.get("state").asText();
            if (seen.equals(state)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task " + id + " did not reach " + state + " within 20 s; last seen " + seen);
    }
}

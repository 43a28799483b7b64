package io.taskgrid.console;

import io.taskgrid.client.AccessRefusedException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.taskgrid.console.FakeController.T0;
import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryCommandsTest {
    final FakeController controller = new FakeController("/srv/shared");
    final ConsoleRun console = new ConsoleRun(controller);

    private void put(TaskRecord t) {
        controller.tasks.put(t.id(), t);
    }

    private void threeTasks() {
        put(task(1, TaskState.SUCCEEDED).program("examples/hello.py").agentId("agent-1")
                .startedAt(T0).endedAt(T0.plusMillis(1500)).exitCode(0).build());
        put(task(2, TaskState.FAILED).program("fail.sh (inline)").agentId("agent-2")
                .startedAt(T0).endedAt(T0.plusSeconds(3)).exitCode(3).build());
        put(task(3, TaskState.RUNNING).program("slow.py (inline)").agentId("agent-1").startedAt(T0.plusSeconds(50)).build());
    }

    @Test
    void showProgramPrintsAnInlineProgramAsSentAndLeavesControlCharactersOutOnATerminal() {
        String text = "print('hi')\n\u001b]0;owned\u0007# end\n";
        controller.programs.put(7L, io.taskgrid.api.task.ProgramSource.inline("job.py", text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertEquals(0, console.run("show", "7", "--program"), console.err());
        assertEquals(text, console.out(), "in a pipe, byte for byte: it can be submitted again");

        ConsoleRun terminal = new ConsoleRun(controller);
        terminal.interactive = true;
        assertEquals(0, terminal.run("show", "7", "--program"), terminal.err());
        assertEquals("print('hi')\n]0;owned# end\n", terminal.out(), "no ESC or BEL reaches a terminal");
    }

    @Test
    void showProgramSaysWhereASharedProgramIsAndRefusesToPrintABinaryOne() {
        controller.programs.put(8L, io.taskgrid.api.task.ProgramSource.shared("tools/run.sh"));
        controller.programs.put(9L, io.taskgrid.api.task.ProgramSource.inline("a.out", new byte[]{(byte) 0x7f, 'E', 'L', 'F', (byte) 0xff, (byte) 0xfe}));

        assertEquals(1, console.run("show", "8", "--program"));
        assertEquals("", console.out());
        assertTrue(console.err().contains("runs tools/run.sh from the shared folder; the controller keeps no copy"), console.err());

        assertEquals(1, console.run("show", "9", "--program"));
        assertTrue(console.err().contains("(a.out, 6 bytes) is not text"), console.err());
    }

    @Test
    void usageShowsEachUsersRecentUseShareAndTasksAndHowTheQueueUsesIt() {
        controller.usageReport = new io.taskgrid.api.client.UsageReport(java.time.Duration.ofHours(12), true, List.of(
                new io.taskgrid.api.client.UserUsage("alice", 144_000, 0.95, 8, 9_992),
                new io.taskgrid.api.client.UserUsage("bob", 90, 0.05, 0, 1)));

        assertEquals(0, console.run("usage"), console.err());

        List<String> lines = console.out().lines().toList();
        assertTrue(lines.get(0).matches("USER\\s+RECENT CPU\\s+SHARE\\s+RUNNING\\s+WAITING"), lines.get(0));
        assertTrue(lines.get(1).matches("alice\\s+40\\.0 h\\s+95%\\s+8\\s+9992"), lines.get(1));
        assertTrue(lines.get(2).matches("bob\\s+1\\.5 min\\s+5%\\s+0\\s+1"), lines.get(2));
        assertTrue(lines.get(3).contains("half after 12 hours") && lines.get(3).contains("least recent use goes first"), lines.get(3));

        assertEquals(0, console.run("usage", "--json"), console.err());
        assertTrue(console.out().contains("\"recentCpuSeconds\" : 144000.0"), console.out());
    }

    @Test
    void usageSaysWhenNobodyUsedThePoolAndWhenFairShareIsOff() {
        controller.usageReport = new io.taskgrid.api.client.UsageReport(java.time.Duration.ofDays(1), false, List.of());

        assertEquals(0, console.run("usage"), console.err());

        assertTrue(console.out().startsWith("Nobody has used the pool recently."), console.out());
        assertTrue(console.out().contains("Fair share is off"), console.out());
    }

    @Test
    void historyListsTasksNewestFirstWithMarksAgentsAndDurations() {
        threeTasks();

        assertEquals(0, console.run("history"), console.err());

        List<String> lines = console.out().lines().toList();
        assertEquals(4, lines.size(), console.out());
        assertTrue(lines.get(0).startsWith("  ID"), lines.get(0));
        assertTrue(lines.get(1).matches("∑ 3\\s+default\\s+slow\\.py \\(inline\\)\\s+agent-1\\s+2024-05-01 12:00:00\\s+10\\.0s"), lines.get(1));
        assertTrue(lines.get(2).startsWith("X 2 "), lines.get(2));
        assertTrue(lines.get(3).matches("✓ 1\\s+default\\s+examples/hello\\.py\\s+agent-1\\s+2024-05-01 12:00:00\\s+1\\.5s"), lines.get(3));
        assertFalse(console.out().contains("\u001b"), "no colour in a pipe");
        assertEquals(20, controller.queries.get(0).limit());
    }

    @Test
    void historyNamesTheUserOfEachTaskWhenTheyAreNotAllOnePersons() {
        threeTasks();
        put(task(4, TaskState.QUEUED).program("sweep.py").clientUser("bob").build());

        assertEquals(0, console.run("history"), console.err());

        List<String> lines = console.out().lines().toList();
        assertTrue(lines.get(0).matches("  ID\\s+USER\\s+PROJECT\\s+PROGRAM.*"), lines.get(0));
        assertTrue(lines.get(1).matches("… 4\\s+bob\\s+default\\s+sweep\\.py.*"), lines.get(1));
        assertTrue(lines.get(2).matches("∑ 3\\s+ann\\s+default.*"), lines.get(2));
    }

    @Test
    void historyIsColouredOnlyInATerminalWithoutNoColor() {
        threeTasks();
        console.interactive = true;
        assertEquals(0, console.run("history"));
        assertTrue(console.out().contains("\u001b[32m✓\u001b[0m"), console.out());

        ConsoleRun plain = new ConsoleRun(controller);
        plain.interactive = true;
        plain.variables.put("NO_COLOR", "1");
        assertEquals(0, plain.run("history"));
        assertFalse(plain.out().contains("\u001b"), plain.out());
        assertTrue(plain.out().contains("✓ 1"), plain.out());
    }

    @Test
    void historyPassesFiltersAndSaysWhenThereIsNothing() {
        assertEquals(0, console.run("history", "--state", "failed", "--project", "thesis", "--limit", "7"));

        assertEquals(TaskState.FAILED, controller.queries.get(0).state());
        assertEquals("thesis", controller.queries.get(0).project());
        assertEquals(7, controller.queries.get(0).limit());
        assertTrue(console.out().startsWith("No tasks match."), console.out());

        ConsoleRun empty = new ConsoleRun(controller);
        assertEquals(0, empty.run("history"));
        assertEquals("No tasks yet. Submit one: taskgrid submit examples/hello.py\n", empty.out());
    }

    @Test
    void historyPassesTheTextAndRefusesAnEmptyOne() {
        assertEquals(0, console.run("history", "--text", "render-frames"));
        assertEquals("render-frames", controller.queries.get(0).text());
        assertTrue(console.out().startsWith("No tasks match."), console.out());

        ConsoleRun blank = new ConsoleRun(controller);
        assertEquals(2, blank.run("history", "--text", " "));
        assertEquals("--text is empty; give the text to look for, or leave --text out.\n", blank.err());
        assertEquals(1, controller.queries.size(), "nothing asked of the controller");
    }

    @Test
    void aBadStateExitsWith2ListingTheStates() {
        assertEquals(2, console.run("history", "--state", "done"));

        assertEquals("'done' is not a task state; use one of queued, running, succeeded, failed, cancelled, rejected, duplicate.\n", console.err());
        assertNull(controller.connectedTo);
    }

    @Test
    void aLimitOutOfRangeExitsWith2() {
        assertEquals(2, console.run("history", "--limit", "0"));
        assertTrue(console.err().contains("--limit must be between 1 and 10000, not 0."), console.err());

        ConsoleRun notANumber = new ConsoleRun(controller);
        assertEquals(2, notANumber.run("history", "--limit", "many"));
        assertTrue(notANumber.err().contains("'many' is not a whole number; write one like 20."), notANumber.err());
    }

    private static final String BUSY = "All 4 slots of the agents that run Python are busy; 12 tasks are ahead of it."
            + " Fair share: ann has used 40.0 h of CPU recently, bob 2.0 min — bob's tasks of the same priority go first.";

    @Test
    void historySaysWhyQueuedTasksWaitInAColumnCutToTheTerminalWidth() {
        threeTasks();
        put(task(4, TaskState.QUEUED).program("sweep.py").waitReason(BUSY).build());
        console.variables.put("COLUMNS", "80");

        assertEquals(0, console.run("history"), console.err());

        List<String> lines = console.out().lines().toList();
        assertTrue(lines.get(0).matches("  ID\\s+PROJECT\\s+PROGRAM\\s+AGENT\\s+SUBMITTED\\s+DURATION\\s+WAITING"), lines.get(0));
        assertTrue(lines.get(1).matches("… 4\\s+default\\s+sweep\\.py\\s+-\\s+.*\\s+All 4 slots.*…"), lines.get(1));
        assertTrue(lines.get(2).matches(".*10\\.0s\\s+-"), "a running task heard from waits for nothing: " + lines.get(2));
        assertTrue(lines.get(lines.size() - 1).contains("`taskgrid show ID` gives the whole sentence"), console.out());
        for (String line : lines) {
            assertTrue(line.codePointCount(0, line.length()) <= 80, line.length() + " characters: " + line);
        }
    }

    @Test
    void historyPrintsWholeSentencesIntoAPipe() {
        put(task(4, TaskState.QUEUED).program("sweep.py").waitReason(BUSY).build());

        assertEquals(0, console.run("history"), console.err());

        assertTrue(console.out().lines().toList().get(1).endsWith(BUSY), console.out());
    }

    @Test
    void historyJsonCarriesWhyEachQueuedTaskWaits() throws IOException {
        put(task(4, TaskState.QUEUED).program("sweep.py").waitReason(BUSY).build());

        assertEquals(0, console.run("history", "--json"));

        JsonNode array = new ObjectMapper().readTree(console.out());
        assertEquals(BUSY, array.get(0).get("waitReason").asText());
    }

    @Test
    void historyJsonIsAnArrayOfTasks() throws IOException {
        threeTasks();

        assertEquals(0, console.run("history", "--json"));

        JsonNode array = new ObjectMapper().readTree(console.out());
        assertTrue(array.isArray());
        assertEquals(3, array.size());
        assertEquals(3, array.get(0).get("id").asLong());
        assertEquals("RUNNING", array.get(0).get("state").asText());
        assertEquals("agent-1", array.get(0).get("agentId").asText());
        assertEquals(3, array.get(1).get("exitCode").asInt());
    }

    @Test
    void showPrintsEveryFieldAndTheExcerpts() {
        put(task(7, TaskState.FAILED).program("jobs/analyse.py").arguments(List.of("-x", "3")).agentId("agent-1")
                .agentHost("node-a").exitCode(3).startedAt(T0).endedAt(T0.plusSeconds(2)).dataPath("data/in.csv")
                .resultPath("results/default/7").message("Exited with code 3.").output("partial result\n")
                .errorOutput("Traceback: boom\n").usage(new ResourceUsage(1.5, 2 * 1024 * 1024, 4096)).build());

        assertEquals(0, console.run("show", "7"), console.err());

        String out = console.out();
        for (String expected : List.of("Task 7  X failed", "program       jobs/analyse.py", "language      python", "arguments     -x 3",
                "project       default, project id 7", "agent         agent-1 on node-a", "attempt       1",
                "exit code     3", "submitted     2024-05-01 12:00:00 by ann from 127.0.0.1", "duration      2.0s",
                "data          data/in.csv", "result        results/default/7", "message       Exited with code 3.",
                "usage         cpu 1.5s, memory 2.0 MB, read 4.0 kB",
                "--- output (stdout) ---\npartial result\n--- errors (stderr) ---\nTraceback: boom\n")) {
            assertTrue(out.contains(expected), "missing '" + expected + "' in\n" + out);
        }
    }

    @Test
    void showSaysWhoseOutputItIsWhenTheControllerWithheldIt() {
        put(task(13, TaskState.SUCCEEDED).clientUser("alice").exitCode(0).resultPath("results/default/13")
                .output("secret\n").build().withOutputWithheld());

        assertEquals(0, console.run("show", "13"), console.err());

        String out = console.out();
        assertTrue(out.contains("result        visible to alice and administrators only"), out);
        assertTrue(out.contains("output      visible to alice and administrators only"), out);
        assertFalse(out.contains("--- output"), out);
        assertFalse(out.contains("secret") || out.contains("results/default/13"), out);
    }

    @Test
    void cancellingAnotherUsersTaskPrintsTheControllersRefusal() {
        String refusal = "Task 14 belongs to alice; only alice or an administrator may cancel it.";
        FakeController strict = new FakeController("/srv/shared") {
            @Override
            public TaskRecord cancel(long taskId) {
                throw new AccessRefusedException(refusal, null);
            }
        };
        strict.tasks.put(14L, task(14, TaskState.RUNNING).clientUser("alice").build());
        ConsoleRun run = new ConsoleRun(strict);

        assertEquals(2, run.run("cancel", "14"));

        assertEquals(refusal + "\n", run.err());
    }

    @Test
    void cancelTakesSeveralIdsOrASelectionInOneSession() {
        put(task(20, TaskState.RUNNING).agentId("agent-1").clientUser("ann").build());
        put(task(21, TaskState.QUEUED).clientUser("ann").build());
        put(task(22, TaskState.QUEUED).clientUser("bob").build());
        put(task(23, TaskState.SUCCEEDED).clientUser("ann").build());

        assertEquals(0, console.run("cancel", "20", "23"));
        assertEquals("Task 20 cancelled.\nTask 23 had already ended: succeeded.\nAsked to cancel 2 tasks.\n", console.out());

        ConsoleRun selection = new ConsoleRun(controller);
        assertEquals(0, selection.run("cancel", "--state", "queued", "--user", "ann"));
        assertEquals("Task 21 cancelled.\n", selection.out());
        assertEquals(TaskState.QUEUED, controller.tasks.get(22L).state(), "bob's task is not selected");

        ConsoleRun nothing = new ConsoleRun(controller);
        assertEquals(2, nothing.run("cancel"));
        assertTrue(nothing.err().contains("Name the tasks to cancel"), nothing.err());
    }

    @Test
    void priorityTakesANegativeNumberAndSaysWhatItIsNow() {
        put(task(40, TaskState.QUEUED).program("sweep.py").build());

        assertEquals(0, console.run("priority", "40", "-10"));
        assertEquals("Task 40 (sweep.py) has priority -10 now.\n", console.out());
        assertEquals(-10, controller.tasks.get(40L).priority());

        ConsoleRun bad = new ConsoleRun(controller);
        assertEquals(2, bad.run("priority", "40", "high"));
        assertTrue(bad.err().contains("high"), bad.err());
    }

    @Test
    void holdAndReleaseSayWhatBecameOfEachTaskAndShowTellsWhoHeldIt() {
        put(task(50, TaskState.QUEUED).program("a.py").build());
        put(task(51, TaskState.QUEUED).program("b.py").build());

        assertEquals(0, console.run("hold", "50", "51"));
        assertEquals("Task 50 (a.py) is held; `taskgrid release 50` lets it start.\n"
                + "Task 51 (b.py) is held; `taskgrid release 51` lets it start.\n", console.out());
        ConsoleRun show = new ConsoleRun(controller);
        assertEquals(0, show.run("show", "50"));
        assertTrue(show.out().contains("held          by ann; `taskgrid release 50` lets it start"), show.out());

        ConsoleRun release = new ConsoleRun(controller);
        assertEquals(0, release.run("release", "50"));
        assertEquals("Task 50 (a.py) is released; it starts in its turn.\n", release.out());
        assertEquals(null, controller.tasks.get(50L).heldBy());
    }

    @Test
    void cancelMineSelectsTheTasksOfTheUserTheConsoleLogsInAs() {
        put(task(30, TaskState.QUEUED).clientUser("ann").build());
        put(task(31, TaskState.QUEUED).clientUser("bob").build());
        put(task(32, TaskState.RUNNING).agentId("agent-1").clientUser("bob").build());
        ConsoleRun asBob = new ConsoleRun(controller);
        asBob.variables.put("TASKGRID_USER", "bob");

        assertEquals(0, asBob.run("cancel", "--mine", "--state", "queued"));
        assertEquals("Task 31 cancelled.\n", asBob.out());
        assertEquals(TaskState.QUEUED, controller.tasks.get(30L).state(), "ann's task is not bob's");
        assertEquals(TaskState.RUNNING, controller.tasks.get(32L).state(), "only queued ones were selected");

        ConsoleRun both = new ConsoleRun(controller);
        both.variables.put("TASKGRID_USER", "bob");
        assertEquals(2, both.run("cancel", "--mine", "--user", "ann"));
        assertEquals("--mine and --user ann select different users; give one of them.\n", both.err());
    }

    @Test
    void showOfAQueuedTaskSaysWhyItWaits() {
        put(task(8, TaskState.QUEUED).waitReason("All 4 slots are busy and 2 tasks are ahead of it.").build());

        assertEquals(0, console.run("show", "8"));

        assertTrue(console.out().contains("waiting       All 4 slots are busy and 2 tasks are ahead of it."), console.out());
        assertTrue(console.out().contains("--- output (stdout) ---\n(none)"), console.out());
    }

    @Test
    void showAndHistoryJsonSayWhichLabelsATaskRequires() throws IOException {
        put(task(8, TaskState.QUEUED).requirements(io.taskgrid.api.task.Requirements.parse(List.of("gpu", "!big-mem")))
                .waitReason("Waiting for an agent with the label gpu that runs python: none is connected.").build());

        assertEquals(0, console.run("show", "8"));
        assertTrue(console.out().contains("requires      gpu, !big-mem (agents with the label gpu and without the label big-mem)"),
                console.out());

        ConsoleRun json = new ConsoleRun(controller);
        assertEquals(0, json.run("history", "--json"));
        JsonNode t = new ObjectMapper().readTree(json.out()).get(0);
        assertEquals("gpu", t.get("requires").get(0).asText());
        assertEquals("!big-mem", t.get("requires").get(1).asText());
    }

    @Test
    void showSaysHowManyRetriesAreUsedAndWhenTheNextAttemptRunsAndJsonCarriesIt() throws IOException {
        put(task(9, TaskState.QUEUED).attempt(2).exitCode(75)
                .retry(io.taskgrid.api.task.RetryPolicy.of(3, java.time.Duration.ofSeconds(30), List.of(75)))
                .retriesUsed(1).retryAt(java.time.Instant.parse("2026-01-01T12:00:30Z")).build());

        assertEquals(0, console.run("show", "9"));
        assertTrue(console.out().contains("retries       1 of 3 used; next attempt at 12:00:30 (exit code 75) (up to 3 retries,"
                + " 30 s apart, on exit code 75)"), console.out());

        ConsoleRun json = new ConsoleRun(controller);
        assertEquals(0, json.run("show", "9", "--json"));
        JsonNode retry = new ObjectMapper().readTree(json.out()).get("retry");
        assertEquals(3, retry.get("retries").asInt());
        assertEquals(30.0, retry.get("delaySeconds").asDouble());
        assertEquals(75, retry.get("onExitCodes").get(0).asInt());
        assertEquals(1, retry.get("used").asInt());
        assertEquals("2026-01-01T12:00:30Z", retry.get("nextAttemptAt").asText());
    }

    @Test
    void showSaysWhatATaskAskedForAndItsPeakMemoryAndJsonCarriesBoth() throws IOException {
        put(task(9, TaskState.FAILED).resources(io.taskgrid.api.task.Resources.of(4, 2L << 30))
                .usage(new io.taskgrid.api.task.ResourceUsage(3.5, 1L << 20, 0, 3L << 30)).build());

        assertEquals(0, console.run("show", "9"));
        assertTrue(console.out().contains("asks for      4 CPUs, 2G of memory"), console.out());
        assertTrue(console.out().contains("peak memory   3.0 GB of the 2G it asked for"), console.out());

        ConsoleRun json = new ConsoleRun(controller);
        assertEquals(0, json.run("show", "9", "--json"));
        JsonNode t = new ObjectMapper().readTree(json.out());
        assertEquals(4, t.get("cpus").asInt());
        assertEquals(2L << 30, t.get("memoryRequestBytes").asLong());
        assertEquals(3L << 30, t.get("peakMemoryBytes").asLong());
    }

    @Test
    void agentsShowTheCpusAndMemoryTakenWhenATaskAskedForThem() throws IOException {
        controller.agents.add(new AgentInfo("agent-1", "node-a", 8, 2, 0.25, List.of(), 100, T0, T0, true, null,
                List.of(), 5, 8L << 30, 3L << 30));
        assertEquals(0, console.run("agents"));
        assertTrue(console.out().contains("CPUS USED"), console.out());
        assertTrue(console.out().contains("5/8"), console.out());
        assertTrue(console.out().contains("3G/8G"), console.out());
    }

    @Test
    void agentsShowTheirLabelsWhenAnyHasSome() throws IOException {
        controller.agents.add(new AgentInfo("agent-1", "node-a", 4, 1, 0.25, List.of(), 100, T0, T0, true, null,
                List.of("big-mem", "gpu")));
        controller.agents.add(new AgentInfo("agent-2", "node-b", 2, 0, -1, List.of(), 0, T0, null, true));

        assertEquals(0, console.run("agents"));
        List<String> lines = console.out().lines().toList();
        assertTrue(lines.get(0).matches("ID\\s+HOST\\s+SLOTS\\s+RUNNING\\s+CPU\\s+STATE\\s+CONNECTED SINCE\\s+LABELS\\s+RUNTIMES"), lines.get(0));
        assertTrue(lines.get(1).contains(" big-mem,gpu "), lines.get(1));
        assertTrue(lines.get(2).matches(".*12:00:00\\s+-\\s+none"), lines.get(2));

        ConsoleRun json = new ConsoleRun(controller);
        assertEquals(0, json.run("agents", "--json"));
        assertEquals("gpu", new ObjectMapper().readTree(json.out()).get(0).get("labels").get(1).asText());
    }

    @Test
    void showJsonCarriesTheOutput() throws IOException {
        put(task(9, TaskState.SUCCEEDED).output("hello\n").exitCode(0).build());

        assertEquals(0, console.run("show", "9", "--json"));

        JsonNode t = new ObjectMapper().readTree(console.out());
        assertEquals("hello\n", t.get("output").asText());
        assertEquals(0, t.get("exitCode").asInt());
    }

    @Test
    void anUnknownTaskExitsWith2AndASentence() {
        assertEquals(2, console.run("show", "404"));
        assertEquals("There is no task 404; `taskgrid history` lists the known tasks.\n", console.err());

        ConsoleRun cancel = new ConsoleRun(controller);
        assertEquals(2, cancel.run("cancel", "404"));
        assertEquals("There is no task 404; `taskgrid history` lists the known tasks.\n", cancel.err());
    }

    @Test
    void aTaskIdThatIsNotANumberIsAUsageError() {
        assertEquals(2, console.run("show", "abc"));
        assertTrue(console.err().contains("'abc' is not a task id: write a whole number like 42, or ARRAY.INDEX like 42.7"), console.err());
    }

    @Test
    void cancelSaysWhatHappened() {
        put(task(10, TaskState.RUNNING).agentId("agent-1").build());
        put(task(11, TaskState.SUCCEEDED).build());

        assertEquals(0, console.run("cancel", "10"));
        assertEquals("Task 10 cancelled.\n", console.out());
        assertEquals(TaskState.CANCELLED, controller.tasks.get(10L).state());

        ConsoleRun again = new ConsoleRun(controller);
        assertEquals(0, again.run("cancel", "11"));
        assertEquals("Task 11 had already ended: succeeded.\n", again.out());
    }

    @Test
    void cancelWaitsForTheAgentToStopTheTask() {
        FakeController slowStop = new FakeController("/srv/shared") {
            @Override
            public TaskRecord cancel(long taskId) {
                emit(task(12, TaskState.CANCELLED).agentId("agent-1").build());
                return task(taskId); // still running: the agent stops it a moment later
            }
        };
        slowStop.tasks.put(12L, task(12, TaskState.RUNNING).agentId("agent-1").build());
        ConsoleRun run = new ConsoleRun(slowStop);

        assertEquals(0, run.run("cancel", "12"));

        assertEquals("Task 12 cancelled.\n", run.out());
    }

    private void agentsAndClients() {
        controller.agents.add(new AgentInfo("agent-1", "node-a", 4, 1, 0.25,
                List.of(new RuntimeInfo(Language.PYTHON, "/usr/bin/python3", "3.11"), new RuntimeInfo(Language.SHELL, "/bin/sh", "")),
                100, T0, T0.plusSeconds(30), true));
        controller.agents.add(new AgentInfo("agent-2", "node-b", 2, 0, -1, List.of(), 0, T0, null, true, "maintenance"));
        controller.clients.add(new ClientInfo("client-1", "ann", "127.0.0.1", ClientKind.CONSOLE, T0, false));
    }

    @Test
    void agentsListsSlotsLoadAndRuntimes() {
        agentsAndClients();

        assertEquals(0, console.run("agents"));

        List<String> lines = console.out().lines().toList();
        assertTrue(lines.get(0).matches("ID\\s+HOST\\s+SLOTS\\s+RUNNING\\s+CPU\\s+STATE\\s+CONNECTED SINCE\\s+RUNTIMES"), lines.get(0));
        assertTrue(lines.get(1).matches("agent-1\\s+node-a\\s+4\\s+1\\s+25%\\s+takes tasks\\s+2024-05-01 12:00:00\\s+python, sh"), lines.get(1));
        assertTrue(lines.get(2).matches("agent-2\\s+node-b\\s+2\\s+0\\s+-\\s+drained: maintenance\\s+2024-05-01 12:00:00\\s+none"), lines.get(2));
    }

    @Test
    void agentsAndClientsJsonAreTypedArrays() throws IOException {
        agentsAndClients();

        assertEquals(0, console.run("agents", "--json"));
        JsonNode agents = new ObjectMapper().readTree(console.out());
        assertEquals(2, agents.size());
        JsonNode a = agents.get(0);
        assertEquals("agent-1", a.get("id").asText());
        assertEquals("node-a", a.get("host").asText());
        assertTrue(a.get("slots").isInt());
        assertEquals(1, a.get("running").asInt());
        assertTrue(a.get("cpuLoad").isDouble());
        assertEquals(0.25, a.get("cpuLoad").asDouble());
        assertEquals("python", a.get("runtimes").get(0).asText());
        assertEquals("2024-05-01T12:00:00Z", a.get("connectedAt").asText());
        assertEquals("2024-05-01T12:00:30Z", a.get("lastHeartbeatAt").asText());
        assertTrue(agents.get(1).get("cpuLoad").isNull());

        ConsoleRun clients = new ConsoleRun(controller);
        assertEquals(0, clients.run("clients", "--json"));
        JsonNode c = new ObjectMapper().readTree(clients.out()).get(0);
        assertEquals("client-1", c.get("id").asText());
        assertEquals("ann", c.get("user").asText());
        assertEquals("127.0.0.1", c.get("host").asText());
        assertEquals("console", c.get("kind").asText());
        assertEquals("2024-05-01T12:00:00Z", c.get("connectedAt").asText());
    }

    @Test
    void clientsListsWhoIsConnected() {
        agentsAndClients();

        assertEquals(0, console.run("clients"));

        assertTrue(console.out().lines().skip(1).findFirst().orElseThrow()
                .matches("client-1\\s+ann\\s+127\\.0\\.0\\.1\\s+console\\s+2024-05-01 12:00:00"), console.out());
    }

    @Test
    void noAgentsSaysHowToStartOne() {
        assertEquals(0, console.run("agents", "--controller", "grid.example.org:2000"));
        assertEquals("No agents connected; tasks wait until one joins. Start one: taskgrid agent --controller grid.example.org:2000\n",
                console.out());
    }
}

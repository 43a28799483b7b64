package io.taskgrid.console;

import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.api.task.TaskState;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static io.taskgrid.console.FakeController.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShellCompleterTest {
    @TempDir
    Path folder;
    final FakeController controller = new FakeController("/srv/shared");
    final SharedSession session = new SharedSession(controller, ControllerAddress.localDefault(), note -> { });
    RecentTasks recent;
    ConnectedAgents agents;
    ShellCompleter completer;
    LineReader reader;

    @BeforeEach
    void setUp() throws Exception {
        recent = new RecentTasks(() -> session.connect(ControllerAddress.localDefault()), ShellTesting.CLOCK, Duration.ofSeconds(5));
        agents = new ConnectedAgents(() -> session.connect(ControllerAddress.localDefault()), ShellTesting.CLOCK, Duration.ofSeconds(5));
        completer = new ShellCompleter(ShellTesting.commands(folder).apply(new ShellTesting.Captured().env(controller)).getCommandSpec(),
                recent, agents, folder);
        reader = ShellTesting.reader(ShellTesting.terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()));
    }

    @AfterEach
    void tearDown() {
        recent.close();
        agents.close();
    }

    private List<Candidate> complete(String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(reader, reader.getParser().parse(line, line.length(), Parser.ParseContext.COMPLETE), candidates);
        return candidates;
    }

    private static List<String> values(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::value).toList();
    }

    private static List<String> startingWith(List<Candidate> candidates, String prefix) {
        return values(candidates).stream().filter(v -> v.startsWith(prefix)).toList();
    }

    @Test
    void theFirstWordCompletesToTheCommandsAndTheShellsWordsButNotTheShell() {
        List<Candidate> candidates = complete("hi");

        assertEquals(List.of("history"), startingWith(candidates, "hi"));
        assertTrue(values(candidates).containsAll(List.of("submit", "logs", "watch", "exit", "help")), values(candidates).toString());
        assertFalse(values(candidates).contains("shell"));
        Candidate history = candidates.stream().filter(c -> c.value().equals("history")).findFirst().orElseThrow();
        assertTrue(history.complete(), "a space follows a whole command");
        assertTrue(history.descr() != null && !history.descr().isBlank());
    }

    @Test
    void anOptionCompletesFromTheCommandsModel() {
        List<Candidate> candidates = complete("submit x.py --pro");

        assertEquals(List.of("--project", "--project-id"), startingWith(candidates, "--pro").stream().sorted().toList());
        assertTrue(values(candidates).containsAll(List.of("--wait", "--data", "--timeout")));
        assertFalse(values(candidates).contains("--limit"), "history's option, not submit's");
    }

    @Test
    void aTaskIdCompletesFromTheNewestHistoryWithItsProgram() {
        controller.tasks.put(41L, task(41, TaskState.SUCCEEDED).program("examples/hello.py").build());
        controller.tasks.put(42L, task(42, TaskState.RUNNING).program("train.py").build());

        List<Candidate> candidates = complete("logs -f ");

        assertEquals(List.of("42", "41"), values(candidates));
        assertTrue(candidates.get(0).descr().contains("train.py"), candidates.get(0).descr());
        complete("show ");
        assertEquals(1, controller.queries.size(), "a second Tab within seconds reads no history again");
    }

    @Test
    void aProjectCompletesFromTheHistory() {
        controller.tasks.put(1L, task(1, TaskState.SUCCEEDED).project("thesis").build());
        controller.tasks.put(2L, task(2, TaskState.SUCCEEDED).project("climate").build());

        assertEquals(List.of("climate", "thesis"), values(complete("history --project ")).stream().sorted().toList());
    }

    @Test
    void theProgramAndDataCompleteToFilesOfTheWorkingFolder() throws Exception {
        Files.writeString(folder.resolve("analyse.py"), "print(1)\n");
        Files.createDirectory(folder.resolve("data"));

        Files.writeString(folder.resolve("data/numbers.csv"), "1\n");
        Files.writeString(folder.resolve(".hidden.py"), "\n");

        List<String> programs = values(complete("submit ana"));
        assertTrue(programs.contains("analyse.py"), programs.toString());
        assertFalse(programs.contains(".hidden.py"), programs.toString());
        List<Candidate> data = complete("submit analyse.py --data d");
        Candidate folderCandidate = data.stream().filter(c -> c.value().equals("data/")).findFirst().orElseThrow();
        assertFalse(folderCandidate.complete(), "a folder's name goes on: no space after it");
        assertEquals(List.of("data/numbers.csv"), values(complete("submit analyse.py --data data/nu")).stream()
                .filter(v -> v.startsWith("data/nu")).toList());
    }

    @Test
    void tabDoesNotWaitLongForASlowController() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        RecentTasks slow = new RecentTasks(() -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return controller;
        }, ShellTesting.CLOCK, Duration.ofMillis(100));
        try {
            long start = System.nanoTime();
            assertEquals(List.of(), slow.tasks());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "Tab waited for the controller");
        } finally {
            answer.countDown();
            slow.close();
        }
    }

    private void twoAgents() {
        controller.agents.add(new AgentInfo("1b9e0c44-aaaa-bbbb-cccc-000000000001", "node7", 4, 0, 0.1, List.of(), 0,
                FakeController.T0, FakeController.T0, true, "disk replacement", List.of("gpu", "big-mem")));
        controller.agents.add(new AgentInfo("node1", "node1", 2, 1, 0.5, List.of(), 0, FakeController.T0, FakeController.T0,
                true, null, List.of("big-mem")));
    }

    @Test
    void drainAndResumeCompleteTheConnectedAgentsIdsWithTheirHostAndState() {
        twoAgents();

        List<Candidate> drain = complete("drain ");

        assertEquals(List.of("1b9e0c44-aaaa-bbbb-cccc-000000000001", "node1"), values(drain));
        assertEquals("node7 · drained: disk replacement", drain.get(0).descr());
        assertEquals(values(drain), values(complete("resume n")));
        assertEquals(List.of(), startingWith(complete("drain node1 --reason "), "node"), "a reason is no agent id");
    }

    @Test
    void requireCompletesTheLabelsOfTheConnectedAgentsAndTheirNegationOnceTheBangIsTyped() {
        twoAgents();

        assertEquals(List.of("big-mem", "gpu"), values(complete("submit job.py --require ")));
        assertEquals(List.of("!big-mem", "!gpu"), values(complete("submit job.py --require !")));
    }

    @Test
    void withoutAControllerAgentIdsAndLabelsCompleteToNothingAndSayNothing() {
        twoAgents();
        controller.failure = new io.taskgrid.client.ControllerUnreachableException("Cannot reach the controller.", null);

        assertEquals(List.of(), values(complete("drain ")));
        assertEquals(List.of(), values(complete("submit job.py --require ")));
    }

    @Test
    void hiddenCommandsAreNotOffered() {
        assertTrue(complete("").stream().noneMatch(c -> c.value().startsWith("__")), values(complete("")).toString());
    }
}

package io.taskgrid.agent.execution;

import io.taskgrid.agent.runtime.RuntimeDetector;
import io.taskgrid.agent.runtime.Runtimes;
import io.taskgrid.api.AgentBusyException;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.HeldAttempt;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.agent.TaskProgress;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real processes, real files: the task runner end to end, without RMI. */
class TaskRunnerIT {
    private static Runtimes runtimes;

    @TempDir
    Path shared;
    @TempDir
    Path work;

    private final Map<Long, CompletableFuture<Instant>> started = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<TaskOutcome>> finished = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private TaskRunner runner;

    @BeforeAll
    static void detect() {
        runtimes = new RuntimeDetector().detect();
    }

    @BeforeEach
    void startRunner() {
        runner = newRunner(runtimes, 3);
    }

    @AfterEach
    void stopRunner() {
        runner.close();
    }

    private TaskRunner newRunner(Runtimes with, int slots) {
        return newRunner(with, slots, 0);
    }

    private TaskRunner newRunner(Runtimes with, int slots, int queueAhead) {
        ExecutionSettings settings = new ExecutionSettings("agent-test", "localhost", slots, new SharedRoot(shared),
                work.resolve("tasks"), 1024 * 1024, RuntimeDetector.onPath("setsid"), RuntimeDetector.onPath("kill"),
                RuntimeDetector.onPath("setpriv"));
        return new TaskRunner(settings, queueAhead, with, new ReportSink() {
            @Override
            public void taskStarted(TaskAssignment task, Instant startedAt) {
                started.computeIfAbsent(task.taskId(), k -> new CompletableFuture<>()).complete(startedAt);
            }

            @Override
            public void taskFinished(TaskOutcome outcome) {
                finished.computeIfAbsent(outcome.taskId(), k -> new CompletableFuture<>()).complete(outcome);
            }
        }, Clock.systemUTC());
    }

    private TaskAssignment inline(String fileName, String source, Language language, List<String> args, String data, Duration timeout) {
        long id = nextId.getAndIncrement();
        return new TaskAssignment(id, 1, 7_000 + id, "demo", null,
                ProgramSource.inline(fileName, source.getBytes(StandardCharsets.UTF_8)), language, args, data, timeout);
    }

    private TaskOutcome run(TaskAssignment task) throws Exception {
        runner.execute(task);
        return outcome(task.taskId());
    }

    private TaskOutcome outcome(long taskId) throws Exception {
        try {
            return finished.computeIfAbsent(taskId, k -> new CompletableFuture<>()).get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return fail("task " + taskId + " did not finish within 90 s");
        }
    }

    private Path resultFolder(TaskOutcome outcome) {
        return shared.resolve(outcome.resultPath());
    }

    @Test
    void detectsThePythonBashShAndJavaOfThisMachine() {
        for (Language l : List.of(Language.PYTHON, Language.BASH, Language.SHELL, Language.JAVA, Language.EXECUTABLE)) {
            assertTrue(runtimes.supports(l), "missing " + l + " in " + runtimes);
        }
        RuntimeInfo python = runtimes.find(Language.PYTHON).orElseThrow();
        assertTrue(Path.of(python.command()).isAbsolute(), python.command());
        assertTrue(python.version().startsWith("Python 3"), python.version());
        assertTrue(runtimes.find(Language.JAVA).orElseThrow().version().contains("version"));
    }

    @Test
    void aPythonProgramRunsAndItsOutputLandsInTheResultFolder() throws Exception {
        TaskOutcome o = run(inline("hello.py", "import sys\nprint('hello', sys.argv[1])\nprint('oops', file=sys.stderr)\n",
                Language.PYTHON, List.of("world"), null, null));
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message());
        assertEquals(0, o.exitCode());
        assertEquals("hello world\n", o.output());
        assertEquals("oops\n", o.errorOutput());
        assertEquals("results/demo/" + o.taskId(), o.resultPath());
        Path result = resultFolder(o);
        assertEquals("hello world\n", Files.readString(result.resolve("stdout.txt")));
        assertEquals("oops\n", Files.readString(result.resolve("stderr.txt")));
        assertEquals("0", Files.readString(result.resolve("exit_code")).strip());
        String log = Files.readString(result.resolve("execution.log"));
        assertTrue(log.contains("agent: agent-test on localhost"), log);
        assertTrue(log.contains("command: "), log);
        assertFalse(Files.exists(result.resolve("hello.py")), "the staged program is not a result");
        assertFalse(Files.exists(work.resolve("tasks").resolve(o.taskId() + "-1")), "the work folder is deleted");
        assertTrue(started.get(o.taskId()).isDone(), "taskStarted was reported");
    }

    @ParameterizedTest
    @EnumSource(value = Language.class)
    void aProgramInEachInstalledLanguageRuns(Language language) throws Exception {
        assumeTrue(runtimes.supports(language), language + " is not installed here");
        String[] program = switch (language) {
            case PYTHON -> new String[]{"p.py", "print('ran', 6*7)\nraise SystemExit(4)\n"};
            case BASH -> new String[]{"p.bash", "echo ran $((6*7))\nexit 4\n"};
            case SHELL -> new String[]{"p.sh", "echo ran 42\nexit 4\n"};
            case JAVA -> new String[]{"P.java", "public class P { public static void main(String[] a) { System.out.println(\"ran \" + 6*7); System.exit(4); } }\n"};
            case NODE -> new String[]{"p.js", "console.log('ran', 6*7); process.exit(4);\n"};
            case RUBY -> new String[]{"p.rb", "puts \"ran #{6*7}\"\nexit 4\n"};
            case PERL -> new String[]{"p.pl", "print \"ran \", 6*7, \"\\n\";\nexit 4;\n"};
            case EXECUTABLE -> new String[]{"p", "#!/bin/sh\necho ran 42\nexit 4\n"};
        };
        TaskOutcome o = run(inline(program[0], program[1], language, List.of(), null, null));
        assertEquals(TaskState.FAILED, o.state());
        assertEquals(4, o.exitCode(), o.errorOutput());
        assertEquals("Exited with code 4.", o.message());
        assertEquals("ran 42\n", o.output());
        assertEquals("4", Files.readString(resultFolder(o).resolve("exit_code")).strip());
        assertEquals("ran 42\n", Files.readString(resultFolder(o).resolve("stdout.txt")));
    }

    @Test
    void aPythonSyntaxErrorFailsWithTheInterpretersLineAndNeverStarts() throws Exception {
        TaskOutcome o = run(inline("hello.py", "print('ok')\nprint('a'\n", Language.PYTHON, List.of(), null, null));
        assertEquals(TaskState.FAILED, o.state());
        assertTrue(o.message().startsWith("Syntax error in hello.py: "), o.message());
        assertTrue(o.message().contains("line 2"), o.message());
        assertTrue(o.message().split("\n").length <= 5, o.message());
        assertFalse(o.message().contains(work.toString()), "no work folder path in " + o.message());
        assertNull(o.exitCode());
        assertTrue(o.errorOutput().contains("SyntaxError"), "the checker's output is the error excerpt: " + o.errorOutput());
        assertTrue(Files.readString(resultFolder(o).resolve("stderr.txt")).contains("SyntaxError"));
        assertFalse(started.containsKey(o.taskId()), "a program that fails its check is never started");
        assertFalse(Files.exists(resultFolder(o).resolve("__pycache__")));
    }

    @Test
    void aBashSyntaxErrorFailsWithTheLine() throws Exception {
        TaskOutcome o = run(inline("s.bash", "echo a\nif then fi\n", Language.BASH, List.of(), null, null));
        assertEquals(TaskState.FAILED, o.state());
        assertTrue(o.message().startsWith("Syntax error in s.bash: "), o.message());
        assertTrue(o.message().contains("line 2"), o.message());
    }

    @Test
    void aProgramRunAgainSkipsItsCheckButAnEditedOneIsCheckedAgain() throws Exception {
        TaskOutcome first = run(inline("same.sh", "echo one\n", Language.SHELL, List.of(), null, null));
        TaskOutcome second = run(inline("same.sh", "echo one\n", Language.SHELL, List.of(), null, null));
        assertEquals(TaskState.SUCCEEDED, first.state(), first.message());
        assertEquals(TaskState.SUCCEEDED, second.state(), second.message());
        assertFalse(Files.readString(resultFolder(first).resolve("execution.log")).contains("passed before"));
        assertTrue(Files.readString(resultFolder(second).resolve("execution.log")).contains("(passed before: same program"),
                "the second run of the same bytes uses the cached verdict");
        TaskOutcome edited = run(inline("same.sh", "echo one\nif then fi\n", Language.SHELL, List.of(), null, null));
        assertEquals(TaskState.FAILED, edited.state());
        assertTrue(edited.message().startsWith("Syntax error in same.sh: "), edited.message());
        assertFalse(started.containsKey(edited.taskId()), "a changed program is checked again, and fails before it starts");
        TaskOutcome bash = run(inline("same.sh", "echo one\n", Language.BASH, List.of(), null, null));
        assertFalse(Files.readString(resultFolder(bash).resolve("execution.log")).contains("passed before"),
                "another language (and runtime) is checked on its own");
    }

    @Test
    void aJavaCompilationErrorIsReportedAsASyntaxError() throws Exception {
        TaskOutcome o = run(inline("Bad.java", "public class Bad {\n  public static void main(String[] a) {\n    int x = \n  }\n}\n",
                Language.JAVA, List.of(), null, null));
        assertEquals(TaskState.FAILED, o.state());
        assertTrue(o.message().startsWith("Syntax error in Bad.java: Bad.java:"), o.message());
    }

    @Test
    void aLanguageTheAgentDoesNotRunFailsWithTheListOfWhatItRuns() throws Exception {
        List<RuntimeInfo> withoutRuby = runtimes.all().stream().filter(r -> r.language() != Language.RUBY).toList();
        Runtimes limited = new Runtimes(withoutRuby);
        runner.close();
        runner = newRunner(limited, 1);
        TaskOutcome o = run(inline("x.rb", "puts 1\n", Language.RUBY, List.of(), null, null));
        assertEquals(TaskState.FAILED, o.state());
        assertEquals("This agent does not run ruby programs; it runs: " + limited.describe() + ".", o.message());
        assertTrue(o.message().contains("bash, java"), o.message());
    }

    @Test
    void aTimeoutKillsTheProgramAndTheChildItStartedInTheBackground() throws Exception {
        String marker = "taskgrid-marker-" + UUID.randomUUID();
        TaskOutcome o = run(inline("slow.sh", childScript(marker), Language.SHELL, List.of(), null, Duration.ofSeconds(1)));
        assertEquals(TaskState.FAILED, o.state());
        assertEquals("Timed out after 1s; the program and its children were stopped.", o.message());
        assertNull(o.exitCode());
        assertNoProcessWith(marker);
    }

    @Test
    void eachTaskLeadsItsOwnProcessGroupAndARecycledWorkFolderShowsNothingOfTheTaskBefore() throws Exception {
        runner.close();
        runner = newRunner(runtimes, 1); // one slot: both tasks use the same recycled folder
        String source = "echo $$ $(ps -o pgid= -p $$) $(ps -o sid= -p $$)\nls\necho mine > left.txt\n";
        TaskOutcome first = run(inline("w.sh", source, Language.SHELL, List.of(), null, null));
        TaskOutcome second = run(inline("w.sh", source, Language.SHELL, List.of(), null, null));
        for (TaskOutcome o : List.of(first, second)) {
            assertEquals(TaskState.SUCCEEDED, o.state(), o.message());
            String[] ids = o.output().lines().findFirst().orElseThrow().trim().split("\\s+");
            assertEquals(ids[0], ids[1], "the program leads its process group: " + o.output());
            assertEquals(ids[0], ids[2], "and its session: " + o.output());
            assertEquals(List.of("w.sh"), o.output().lines().skip(1).toList(),
                    "only this task's program in its folder (its streams go straight to its result folder)");
            assertTrue(o.output().contains("w.sh"), "the program's stdout is in the outcome");
            assertEquals(o.output(), Files.readString(resultFolder(o).resolve("stdout.txt")));
            assertEquals("mine\n", Files.readString(resultFolder(o).resolve("left.txt")));
            assertFalse(Files.exists(resultFolder(o).resolve("w.sh")), "the program is not a result");
        }
        try (var folders = Files.list(work.resolve("tasks"))) {
            List<String> left = folders.map(p -> p.getFileName().toString()).toList();
            assertTrue(left.size() == 1 && left.get(0).startsWith(WorkFolder.IDLE_PREFIX),
                    "no task folder is left behind; the slot's folder waits for its next task: " + left);
        }
    }

    @Test
    void aChildLeftBehindByAProgramThatExitedIsKilled() throws Exception {
        String marker = "taskgrid-marker-" + UUID.randomUUID();
        TaskOutcome o = run(inline("fork.sh", "python3 -c 'import time; time.sleep(300)' " + marker + " >/dev/null 2>&1 &\necho forked\n",
                Language.SHELL, List.of(), null, null));
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message());
        assertNoProcessWith(marker);
    }

    @Test
    void cancelKillsTheWholeTree() throws Exception {
        String marker = "taskgrid-marker-" + UUID.randomUUID();
        TaskAssignment task = inline("slow.sh", childScript(marker), Language.SHELL, List.of(), null, null);
        runner.execute(task);
        started.computeIfAbsent(task.taskId(), k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        awaitProcessWith(marker);
        // A late cancel of another attempt of the task (an old token) must not stop the attempt this agent runs now.
        assertFalse(runner.cancel(task.taskId(), task.token() + 1, "a late cancel of an earlier attempt"));
        assertFalse(runner.withdraw(task.taskId(), task.token() + 1));
        assertFalse(finished.containsKey(task.taskId()), "the attempt was stopped by a cancel of another attempt");
        awaitProcessWith(marker);
        assertTrue(runner.cancel(task.taskId(), task.token(), "Cancelled by the test."));
        TaskOutcome o = outcome(task.taskId());
        assertEquals(TaskState.CANCELLED, o.state());
        assertEquals("Cancelled by the test.", o.message());
        assertNoProcessWith(marker);
        assertFalse(runner.cancel(task.taskId(), task.token(), "again"), "a finished task cannot be cancelled");
    }

    @Test
    void aHundredMegabytesOfOutputAreCappedOnDiskWithABoundedExcerpt() throws Exception {
        TaskOutcome o = run(inline("flood.py",
                "import sys\nchunk = b'x' * 1048575 + b'\\n'\nfor i in range(100):\n    sys.stdout.buffer.write(chunk)\nprint('done')\n",
                Language.PYTHON, List.of(), null, null));
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message());
        assertEquals(1024 * 1024, Files.size(resultFolder(o).resolve("stdout.txt")));
        assertTrue(o.output().length() <= 64 * 1024, "excerpt of " + o.output().length() + " chars");
        assertTrue(o.output().startsWith("[… "), "the excerpt says it was cut");
        assertTrue(o.output().endsWith("done\n"), "the excerpt is the tail");
        String log = Files.readString(resultFolder(o).resolve("execution.log"));
        assertTrue(log.contains("truncated: stdout: 104857605 bytes written, the first 1048576 kept"), log);
    }

    @Test
    void dataIsStagedAndItsPathGivenInTaskgridData() throws Exception {
        Files.createDirectories(shared.resolve("inputs"));
        Files.writeString(shared.resolve("inputs/numbers.csv"), "1\n2\n3\n");
        long before = runner.bytesProcessed();
        TaskOutcome o = run(inline("sum.py",
                "import os\npath = os.environ['TASKGRID_DATA']\nprint(os.path.isabs(path), sum(int(l) for l in open(path)))\n"
                        + "print(os.environ['TASKGRID_TASK_ID'], os.environ['TASKGRID_SHARED'])\n",
                Language.PYTHON, List.of(), "inputs/numbers.csv", null));
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message() + o.errorOutput());
        assertEquals("True 6\n" + o.taskId() + " " + shared.toRealPath() + "\n", o.output());
        assertTrue(runner.bytesProcessed() - before >= 6, "staged bytes count as processed");
        assertFalse(Files.exists(resultFolder(o).resolve("numbers.csv")), "staged data is not a result");
        assertTrue(Files.exists(shared.resolve("inputs/numbers.csv")), "the shared data is left in place");
    }

    @Test
    void aDataFolderIsStagedWhole() throws Exception {
        Files.createDirectories(shared.resolve("set/sub"));
        Files.writeString(shared.resolve("set/a.txt"), "a");
        Files.writeString(shared.resolve("set/sub/b.txt"), "bb");
        TaskOutcome o = run(inline("ls.sh", "cat \"$TASKGRID_DATA/a.txt\" \"$TASKGRID_DATA/sub/b.txt\"\n",
                Language.SHELL, List.of(), "set", null));
        assertEquals("abb", o.output(), o.message());
    }

    @Test
    void missingDataOrAPathOutsideTheSharedFolderFailsWithASentence() throws Exception {
        TaskOutcome missing = run(inline("a.py", "print(1)\n", Language.PYTHON, List.of(), "nothing/here.csv", null));
        assertEquals(TaskState.FAILED, missing.state());
        assertTrue(missing.message().startsWith("The data nothing/here.csv does not exist"), missing.message());

        TaskOutcome escaping = run(new TaskAssignment(nextId.getAndIncrement(), 1, 1L, "demo", null,
                ProgramSource.shared("../outside.py"), Language.PYTHON, List.of(), null, null));
        assertEquals(TaskState.FAILED, escaping.state());
        assertTrue(escaping.message().contains("leaves the shared folder"), escaping.message());
    }

    @Test
    void aProgramOnTheSharedFolderRunsInPlace() throws Exception {
        Files.createDirectories(shared.resolve("progs"));
        Files.writeString(shared.resolve("progs/p.py"), "print('shared')\n");
        TaskOutcome o = run(new TaskAssignment(nextId.getAndIncrement(), 1, 1L, "my project/x", "p1",
                ProgramSource.shared("progs/p.py"), Language.PYTHON, List.of(), null, null));
        assertEquals("shared\n", o.output(), o.message());
        assertEquals("results/my_project_x/" + o.taskId(), o.resultPath());
    }

    @Test
    void filesTheProgramWroteAppearInTheResultFolder() throws Exception {
        TaskOutcome o = run(inline("w.py",
                "import os\nopen('report.txt','w').write('r')\nos.makedirs('out/deep')\nopen('out/deep/x.bin','wb').write(b'12')\n",
                Language.PYTHON, List.of(), null, null));
        assertEquals(TaskState.SUCCEEDED, o.state(), o.message());
        assertEquals("r", Files.readString(resultFolder(o).resolve("report.txt")));
        assertEquals("12", Files.readString(resultFolder(o).resolve("out/deep/x.bin")));
        assertFalse(Files.exists(resultFolder(o).resolve("w.py")));
    }

    @Test
    void allSlotsBusyIsRefusedAtOnce() throws Exception {
        runner.close();
        runner = newRunner(runtimes, 1);
        TaskAssignment first = inline("wait.sh", "sleep 300\n", Language.SHELL, List.of(), null, null);
        runner.execute(first);
        runner.execute(first); // the same attempt again (a lost reply) is accepted silently
        AgentBusyException busy = assertThrows(AgentBusyException.class,
                () -> runner.execute(inline("b.sh", "true\n", Language.SHELL, List.of(), null, null)));
        assertTrue(busy.getMessage().contains("All 1 slots"), busy.getMessage());
        assertEquals(List.of(HeldAttempt.of(first)), runner.held());
        runner.cancel(first.taskId(), first.token(), "done");
        assertEquals(TaskState.CANCELLED, outcome(first.taskId()).state());
    }

    @Test
    void tasksHeldAheadWaitForAFreeSlotAndStartFirstAcceptedFirst() throws Exception {
        runner.close();
        runner = newRunner(runtimes, 1, 2);
        TaskAssignment blocker = inline("wait.sh", "sleep 300\n", Language.SHELL, List.of(), null, null);
        TaskAssignment second = inline("b.sh", "echo second\n", Language.SHELL, List.of(), null, null);
        TaskAssignment third = inline("c.sh", "echo third\n", Language.SHELL, List.of(), null, null);
        runner.execute(blocker);
        runner.execute(second);
        runner.execute(third);
        AgentBusyException busy = assertThrows(AgentBusyException.class,
                () -> runner.execute(inline("d.sh", "true\n", Language.SHELL, List.of(), null, null)));
        assertTrue(busy.getMessage().contains("its 2 places ahead"), busy.getMessage());
        assertEquals(3, runner.held().size(), "a task held ahead is claimed at a re-registration too");
        started.computeIfAbsent(blocker.taskId(), k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        assertFalse(started.computeIfAbsent(second.taskId(), k -> new CompletableFuture<>()).isDone()
                || finished.containsKey(second.taskId()), "a task held ahead started while the only slot was taken");
        runner.cancel(blocker.taskId(), blocker.token(), "let the next one in");
        assertEquals(TaskState.CANCELLED, outcome(blocker.taskId()).state());
        TaskOutcome secondDone = outcome(second.taskId());
        TaskOutcome thirdDone = outcome(third.taskId());
        assertEquals(TaskState.SUCCEEDED, secondDone.state());
        assertEquals("second\n", secondDone.output());
        assertFalse(thirdDone.startedAt().isBefore(secondDone.endedAt()), "the slot ran them one after the other, in order");
    }

    @Test
    void aTaskHeldAheadCanBeGivenBackUntilItStarts() throws Exception {
        runner.close();
        runner = newRunner(runtimes, 1, 1);
        TaskAssignment blocker = inline("wait.sh", "sleep 300\n", Language.SHELL, List.of(), null, null);
        TaskAssignment held = inline("h.sh", "echo held\n", Language.SHELL, List.of(), null, null);
        runner.execute(blocker);
        runner.execute(held);
        started.computeIfAbsent(blocker.taskId(), k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        assertFalse(runner.withdraw(blocker.taskId(), blocker.token()), "a running task cannot be given back");
        assertTrue(runner.withdraw(held.taskId(), held.token()));
        assertEquals(List.of(HeldAttempt.of(blocker)), runner.held());
        runner.execute(inline("next.sh", "true\n", Language.SHELL, List.of(), null, null)); // its place is free again
        runner.cancel(blocker.taskId(), blocker.token(), "done");
        assertEquals(TaskState.CANCELLED, outcome(blocker.taskId()).state());
        assertEquals(TaskState.SUCCEEDED, outcome(held.taskId() + 1).state());
        assertFalse(finished.containsKey(held.taskId()) && finished.get(held.taskId()).isDone(), "a task given back never runs here");
    }

    @Test
    void aTaskHeldAheadIsCancelledAtOnceNotWhenASlotFrees() throws Exception {
        runner.close();
        runner = newRunner(runtimes, 1, 1);
        TaskAssignment blocker = inline("wait.sh", "sleep 300\n", Language.SHELL, List.of(), null, null);
        TaskAssignment held = inline("h.sh", "echo held\n", Language.SHELL, List.of(), null, null);
        runner.execute(blocker);
        runner.execute(held);
        started.computeIfAbsent(blocker.taskId(), k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        assertTrue(runner.cancel(held.taskId(), held.token(), "Cancelled by the test."));
        // Issue 20: it stayed queued on the agent until the slot's task ended, and `cancel` waited 10 s for nothing.
        TaskOutcome cancelled = finished.computeIfAbsent(held.taskId(), k -> new CompletableFuture<>()).get(2, TimeUnit.SECONDS);
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals("Cancelled by the test.", cancelled.message());
        assertEquals(null, cancelled.startedAt(), "it never started");
        assertEquals(List.of(HeldAttempt.of(blocker)), runner.held());
        runner.cancel(blocker.taskId(), blocker.token(), "done");
    }

    private TaskAssignment withCpus(TaskAssignment task, int cpus) {
        return new TaskAssignment(task.taskId(), task.attempt(), task.token(), task.project(), task.projectId(), task.program(),
                task.language(), task.arguments(), task.dataPath(), task.timeout(), task.environment(),
                Resources.of(cpus, 0));
    }

    @Test
    void aTaskAskingForMoreCpusThanTheAgentOffersIsRefusedAtOnceAndNothingIsHeld() throws Exception {
        runner.close();
        runner = newRunner(runtimes, 2, 2);
        TaskAssignment huge = withCpus(inline("h.sh", "true\n", Language.SHELL, List.of(), null, null), 3);
        AgentBusyException busy = assertThrows(AgentBusyException.class, () -> runner.execute(huge));
        assertEquals("Task " + huge.taskId() + " asks for 3 CPUs, more than the 2 agent agent-test offers; it stays queued"
                + " for a larger agent.", busy.getMessage());
        assertEquals(List.of(), runner.held());
        assertFalse(finished.containsKey(huge.taskId()), "no outcome: its history must not show a failure here");
        assertEquals(TaskState.SUCCEEDED, run(withCpus(inline("f.sh", "true\n", Language.SHELL, List.of(), null, null), 2)).state());
    }

    @Test
    void aTaskWaitingForItsCpusHoldsBackLaterSmallOnesAndItsCancelLetsThemIn() throws Exception {
        runner.close();
        runner = newRunner(runtimes, 2, 3);
        TaskAssignment blocker = inline("wait.sh", "sleep 300\n", Language.SHELL, List.of(), null, null);
        TaskAssignment big = withCpus(inline("big.sh", "echo big\n", Language.SHELL, List.of(), null, null), 2);
        TaskAssignment small = inline("small.sh", "echo small\n", Language.SHELL, List.of(), null, null);
        runner.execute(blocker);
        started.computeIfAbsent(blocker.taskId(), k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        runner.execute(big);   // 1 CPU free, it asks for 2: it waits
        runner.execute(small); // 1 CPU free, it asks for 1, but the big one came first: it waits too
        assertEquals(3, runner.held().size());
        assertFalse(started.computeIfAbsent(small.taskId(), k -> new CompletableFuture<>()).isDone()
                || finished.containsKey(small.taskId()), "a later 1-CPU task overtook the waiting 2-CPU one");
        assertTrue(runner.cancel(big.taskId(), big.token(), "Cancelled by the test."));
        TaskOutcome cancelled = finished.computeIfAbsent(big.taskId(), k -> new CompletableFuture<>()).get(2, TimeUnit.SECONDS);
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertNull(cancelled.startedAt(), "it never started");
        TaskOutcome smallDone = outcome(small.taskId()); // the free CPU is its own now, while the blocker still runs
        assertEquals(TaskState.SUCCEEDED, smallDone.state());
        assertEquals("small\n", smallDone.output());
        assertFalse(finished.containsKey(blocker.taskId()) && finished.get(blocker.taskId()).isDone());
        runner.cancel(blocker.taskId(), blocker.token(), "done");
        assertEquals(TaskState.CANCELLED, outcome(blocker.taskId()).state());
    }

    @Test
    void aTwoCpuTaskStartsOnlyOnceBothCpusAreFree() throws Exception {
        runner.close();
        runner = newRunner(runtimes, 2, 2);
        TaskAssignment blocker = inline("wait.sh", "sleep 300\n", Language.SHELL, List.of(), null, null);
        TaskAssignment big = withCpus(inline("big.sh", "echo big\n", Language.SHELL, List.of(), null, null), 2);
        runner.execute(blocker);
        started.computeIfAbsent(blocker.taskId(), k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        runner.execute(big);
        assertFalse(started.computeIfAbsent(big.taskId(), k -> new CompletableFuture<>()).isDone(), "it started beside a running task");
        runner.cancel(blocker.taskId(), blocker.token(), "let the big one in");
        TaskOutcome blockerDone = outcome(blocker.taskId());
        TaskOutcome bigDone = outcome(big.taskId());
        assertEquals(TaskState.SUCCEEDED, bigDone.state(), bigDone.message());
        assertFalse(bigDone.startedAt().isBefore(blockerDone.endedAt()), "it ran after the blocker ended");
    }

    @Test
    void aTaskWhoseProgramHasNotStartedIsLeftOutOfTheProgressNotReportedAtZero() throws Exception {
        Path pipe = shared.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        TaskAssignment task = inline("wait.sh", "cat \"$TASKGRID_DATA\" > /dev/null\nsleep 300\n", Language.SHELL, List.of(),
                "pipe", null);
        runner.execute(task); // staging the data blocks on the pipe until something writes to it
        assertEquals(List.of(HeldAttempt.of(task)), runner.held());
        assertEquals(List.of(), runner.progress(), "nothing measured yet");

        Files.writeString(pipe, "data"); // opens the pipe for writing: the staging reads it and goes on
        started.computeIfAbsent(task.taskId(), k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<TaskProgress> progress = List.of();
        while (progress.isEmpty() && System.nanoTime() < deadline) {
            progress = runner.progress();
            Thread.sleep(50); // until a sample finds the program's tree; no event to wait for
        }
        assertEquals(1, progress.size(), "measured once the program runs");
        assertTrue(progress.get(0).usage().memoryBytes() > 0, progress.toString());
        runner.cancel(task.taskId(), task.token(), "enough");
        assertEquals(TaskState.CANCELLED, outcome(task.taskId()).state());
    }

    @Test
    void heartbeatProgressMeasuresARunningTree() throws Exception {
        TaskAssignment task = inline("busy.py", "import time\nend = time.time() + 300\nwhile time.time() < end:\n    pass\n",
                Language.PYTHON, List.of(), null, null);
        runner.execute(task);
        started.computeIfAbsent(task.taskId(), k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        double cpu = 0;
        long memory = 0;
        while (System.nanoTime() < deadline && (cpu <= 0 || memory <= 0)) {
            var progress = runner.progress();
            assertTrue(progress.size() <= 1, progress.toString());
            if (!progress.isEmpty()) { // left out until a sample found the tree
                assertEquals(task.taskId(), progress.get(0).taskId());
                assertTrue(progress.get(0).usage().memoryBytes() > 0, "a reported sample found the tree: " + progress);
                cpu = progress.get(0).usage().cpuSeconds();
                memory = progress.get(0).usage().memoryBytes();
            }
            Thread.sleep(100); // sampling a counter that grows with time; no event to wait for
        }
        assertTrue(cpu > 0 && memory > 0, "cpu " + cpu + " s, memory " + memory);
        runner.cancel(task.taskId(), task.token(), "enough");
        assertTrue(outcome(task.taskId()).usage().cpuSeconds() > 0);
    }

    private static String childScript(String marker) {
        return "python3 -c 'import time; time.sleep(300)' " + marker + " &\nsleep 300\n";
    }

    private static Optional<ProcessHandle> processWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(ProcessHandle::isAlive)
                .findFirst();
    }

    private static void awaitProcessWith(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (processWith(marker).isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the child with marker " + marker + " never started");
            }
            Thread.sleep(50);
        }
    }

    private static void assertNoProcessWith(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Optional<ProcessHandle> left;
        while ((left = processWith(marker)).isPresent()) {
            if (System.nanoTime() > deadline) {
                left.get().destroyForcibly();
                fail("a process with marker " + marker + " survived: " + left.get().info());
            }
            Thread.sleep(50);
        }
    }
}

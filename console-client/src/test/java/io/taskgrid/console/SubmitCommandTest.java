package io.taskgrid.console;

import io.taskgrid.client.program.ProgramResolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubmitCommandTest {
    @TempDir
    Path temp;
    Path shared;
    Path home;
    FakeController controller;
    ConsoleRun console;

    @BeforeEach
    void setUp() throws IOException {
        shared = Files.createDirectories(temp.resolve("shared"));
        home = Files.createDirectories(temp.resolve("home"));
        controller = new FakeController(shared.toString());
        console = new ConsoleRun(controller);
        console.workingDirectory = home;
        // While submit --wait reads the output, the controller moves on by one scripted batch per poll.
        console.pause = wait -> controller.advance();
    }

    private Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void aLocalFileOutsideTheSharedFolderIsSentInline() throws IOException {
        write(home.resolve("hello.py"), "print('hi')\n");

        int code = console.run("submit", "hello.py");

        assertEquals(0, code, console.err());
        ProgramSource program = controller.submitted.get(0).program();
        assertTrue(program.isInline());
        assertEquals("hello.py", program.fileName());
        assertArrayEquals("print('hi')\n".getBytes(StandardCharsets.UTF_8), program.inlineContent());
        assertEquals("Task 42 queued for project default (python). Follow it: taskgrid show 42\n", console.out());
        assertEquals(1, controller.closed.get(), "the session is closed at the end of the command");
    }

    @Test
    void aFileUnderTheSharedFolderRunsInPlace() throws IOException {
        Path program = write(shared.resolve("jobs/analyse.py"), "print(1)\n");

        assertEquals(0, console.run("submit", program.toString()), console.err());

        assertEquals(ProgramSource.shared("jobs/analyse.py"), controller.submitted.get(0).program());
    }

    @Test
    void aRelativePathThatIsNotHereIsSentAsASharedPath() {
        assertEquals(0, console.run("submit", "jobs/./elsewhere.py"), console.err());

        assertEquals(ProgramSource.shared("jobs/elsewhere.py"), controller.submitted.get(0).program());
    }

    @Test
    void anAbsolutePathThatIsNotHereIsRefusedWithASentence() {
        int code = console.run("submit", temp.resolve("nowhere/missing.py").toString());

        assertEquals(2, code);
        assertTrue(console.err().startsWith("No program file " + temp.resolve("nowhere/missing.py")), console.err());
        assertTrue(console.err().contains("under the shared folder " + shared), console.err());
        assertTrue(controller.submitted.isEmpty());
    }

    @Test
    void aProgramOver10MegabytesIsRefused() throws IOException {
        Path big = home.resolve("big.py");
        Files.write(big, new byte[(int) ProgramResolver.MAX_INLINE_BYTES + 1]);

        assertEquals(2, console.run("submit", big.toString()));

        assertTrue(console.err().contains("at most 10 MB"), console.err());
        assertTrue(controller.submitted.isEmpty());
    }

    @Test
    void argumentsAfterTheProgramGoToTheProgramAndKnownOptionsStillApply() throws IOException {
        write(home.resolve("prog.py"), "pass\n");

        int code = console.run("submit", "prog.py", "-x", "3", "--project", "thesis", "--priority", "5",
                "--timeout", "2m", "--force", "--email", "ann@example.org", "--project-id", "run-7");

        assertEquals(0, code, console.err());
        TaskSpec spec = controller.submitted.get(0);
        assertEquals(List.of("-x", "3"), spec.arguments());
        assertEquals("thesis", spec.project());
        assertEquals("run-7", spec.projectId());
        assertEquals(5, spec.priority());
        assertEquals(Duration.ofMinutes(2), spec.timeout());
        assertTrue(spec.force());
        assertEquals("ann@example.org", spec.email());
    }

    @Test
    void requiredLabelsAreSentRepeatedOrCommaSeparatedAndABadOneIsRefusedBeforeAnythingIsSent() throws IOException {
        write(home.resolve("prog.py"), "pass\n");
        controller.onSubmit = spec -> FakeController.task(42, io.taskgrid.api.task.TaskState.QUEUED)
                .language(io.taskgrid.api.task.Language.PYTHON)
                .requirements(io.taskgrid.api.task.Requirements.parse(spec.requires())).build();

        assertEquals(0, console.run("submit", "--require", "gpu", "--require", "!big-mem,fast-disk", "--wait-for-agent",
                "prog.py"), console.err());
        assertEquals(List.of("fast-disk", "gpu", "!big-mem"), controller.submitted.get(0).requires());
        assertTrue(controller.submitted.get(0).waitForAgent());
        assertTrue(console.out().contains("(python), to run on an agent with the labels fast-disk and gpu and without the label big-mem."),
                console.out());

        ConsoleRun bad = new ConsoleRun(controller);
        bad.workingDirectory = home;
        assertEquals(2, bad.run("submit", "--require", "gpu", "--require", "!gpu", "prog.py"));
        assertTrue(bad.err().contains("--require: The requirements ask for the label gpu and for its absence (!gpu); keep one of them."),
                bad.err());
        assertEquals(1, controller.submitted.size(), "nothing more was submitted");
    }

    @Test
    void cpusAndMemoryAreSentAsARequestAndABadOneIsRefusedBeforeAnythingIsSent() throws IOException {
        write(home.resolve("prog.py"), "pass\n");
        controller.onSubmit = spec -> FakeController.task(42, io.taskgrid.api.task.TaskState.QUEUED)
                .language(io.taskgrid.api.task.Language.PYTHON).resources(spec.resources()).build();

        assertEquals(0, console.run("submit", "--cpus", "4", "--memory", "1.5G", "prog.py"), console.err());
        assertEquals(io.taskgrid.api.task.Resources.of(4, 3L << 29), controller.submitted.get(0).resources());
        assertTrue(console.out().contains("(python), with 4 CPUs, 1.5G of memory."), console.out());

        ConsoleRun badSize = new ConsoleRun(controller);
        badSize.workingDirectory = home;
        assertEquals(2, badSize.run("submit", "--memory", "lots", "prog.py"));
        assertTrue(badSize.err().contains("--memory: 'lots' is not a size; give a number and a unit such as 512M"), badSize.err());
        ConsoleRun noCpu = new ConsoleRun(controller);
        noCpu.workingDirectory = home;
        assertEquals(2, noCpu.run("submit", "--cpus", "0", "prog.py"));
        assertTrue(noCpu.err().contains("--cpus: A task asks for 1 to 4096 CPUs, not 0; give --cpus 1 or more."), noCpu.err());
        assertEquals(1, controller.submitted.size(), "nothing more was submitted");
    }

    @Test
    void retryOptionsAreSentAsAPolicyAndABadOneIsRefusedBeforeAnythingIsSent() throws IOException {
        write(home.resolve("prog.py"), "pass\n");
        controller.onSubmit = spec -> FakeController.task(42, io.taskgrid.api.task.TaskState.QUEUED)
                .language(io.taskgrid.api.task.Language.PYTHON).retry(spec.retry()).build();

        assertEquals(0, console.run("submit", "--retries", "3", "--retry-delay", "30s", "--retry-on-exit", "137,75", "prog.py"),
                console.err());
        assertEquals(io.taskgrid.api.task.RetryPolicy.of(3, java.time.Duration.ofSeconds(30), List.of(75, 137)),
                controller.submitted.get(0).retry());
        assertTrue(console.out().contains("(python), retried up to 3 retries, 30 s apart, on exit codes 75, 137."), console.out());

        for (String[] bad : List.of(
                new String[] {"--retries", "101", "--retry-delay", "30s"},
                new String[] {"--retries", "3", "--retry-delay", "2d"},
                new String[] {"--retries", "3", "--retry-delay", "soon"},
                new String[] {"--retries", "3", "--retry-on-exit", "75,0"},
                new String[] {"--retries", "3", "--retry-on-exit", "seventy"},
                new String[] {"--retry-delay", "30s"})) {
            ConsoleRun refused = new ConsoleRun(controller);
            refused.workingDirectory = home;
            List<String> args = new java.util.ArrayList<>(List.of("submit"));
            args.addAll(List.of(bad));
            args.add("prog.py");
            assertEquals(2, refused.run(args.toArray(String[]::new)), String.join(" ", bad));
            assertTrue(refused.err().matches("(?s).*(--retries|--retry-delay|--retry-on-exit).*"), refused.err());
        }
        ConsoleRun noRetries = new ConsoleRun(controller);
        noRetries.workingDirectory = home;
        assertEquals(2, noRetries.run("submit", "--retry-on-exit", "75", "prog.py"));
        assertTrue(noRetries.err().contains("only apply to a task that is retried; add --retries N (1 to 100)."), noRetries.err());
        assertEquals(1, controller.submitted.size(), "nothing more was submitted");
    }

    @Test
    void envOptionsBecomeTheTasksVariablesAndAMalformedOneIsRefusedWithTheFix() throws IOException {
        write(home.resolve("prog.py"), "pass\n");

        assertEquals(0, console.run("submit", "prog.py", "--env", "MODE=fast", "--env", "EXPR=a=b", "--env", "EMPTY="),
                console.err());
        assertEquals(java.util.Map.of("MODE", "fast", "EXPR", "a=b", "EMPTY", ""), controller.submitted.get(0).environment());

        ConsoleRun bad = new ConsoleRun(controller);
        bad.workingDirectory = home;
        assertEquals(2, bad.run("submit", "prog.py", "--env", "NOVALUE"));
        assertTrue(bad.err().contains("--env 'NOVALUE' is not NAME=VALUE"), bad.err());
        assertTrue(bad.err().contains("--env MODE=fast"), bad.err());
        assertEquals(1, controller.submitted.size(), "nothing more was submitted");
    }

    @Test
    void aMisspeltOptionAfterTheProgramIsRefusedWithTheOptionItResembles() throws IOException {
        write(home.resolve("prog.py"), "pass\n");

        assertEquals(2, console.run("submit", "prog.py", "--wiat"));
        assertTrue(console.err().contains("did you mean --wait?") && console.err().contains("prog.py -- --wiat"), console.err());
        ConsoleRun again = new ConsoleRun(controller);
        again.workingDirectory = home;
        assertEquals(2, again.run("submit", "prog.py", "3", "--projcet", "thesis"));
        assertTrue(again.err().contains("did you mean --project?"), again.err());
        assertTrue(controller.submitted.isEmpty(), "nothing was submitted");

        ConsoleRun meant = new ConsoleRun(controller);
        meant.workingDirectory = home;
        assertEquals(0, meant.run("submit", "prog.py", "--", "--wiat", "--verbose"), meant.err());
        assertEquals(List.of("--wiat", "--verbose"), controller.submitted.get(0).arguments(), "after -- it is the program's");
    }

    @Test
    void everythingAfterDoubleDashGoesToTheProgram() throws IOException {
        write(home.resolve("prog.py"), "pass\n");

        assertEquals(0, console.run("submit", "prog.py", "--", "--json", "--wait"), console.err());

        assertEquals(List.of("--json", "--wait"), controller.submitted.get(0).arguments());
        assertTrue(console.out().startsWith("Task 42 queued"), "not JSON, not waiting: " + console.out());
    }

    @Test
    void dataOnTheSharedFolderIsSentRelativeToIt() throws IOException {
        write(home.resolve("prog.py"), "pass\n");
        Path data = write(shared.resolve("data/input.csv"), "a,b\n");

        assertEquals(0, console.run("submit", "prog.py", "--data", data.toString()), console.err());

        assertEquals("data/input.csv", controller.submitted.get(0).dataPath());
    }

    @Test
    void dataOnThisMachineOutsideTheSharedFolderIsRefused() throws IOException {
        write(home.resolve("prog.py"), "pass\n");
        write(home.resolve("input.csv"), "a,b\n");

        assertEquals(2, console.run("submit", "prog.py", "--data", "input.csv"));

        assertEquals("Data must be on the shared folder " + shared + "; copy it there.\n", console.err());
        assertTrue(controller.submitted.isEmpty());
    }

    @Test
    void dataThatIsNotHereIsSentAsGiven() throws IOException {
        write(home.resolve("prog.py"), "pass\n");

        assertEquals(0, console.run("submit", "prog.py", "--data", "data/remote.csv"), console.err());

        assertEquals("data/remote.csv", controller.submitted.get(0).dataPath());
    }

    @Test
    void aBadTimeoutExitsWith2AndASentence() throws IOException {
        write(home.resolve("prog.py"), "pass\n");

        assertEquals(2, console.run("submit", "prog.py", "--timeout", "soon"));

        assertTrue(console.err().contains("'soon' is not a duration; write it like 500ms, 30s, 5m or 2h."), console.err());
        assertTrue(controller.submitted.isEmpty());
    }

    @Test
    void aRejectedTaskPrintsTheControllersMessageAndExits2() throws IOException {
        write(home.resolve("prog.rb"), "puts 1\n");
        controller.onSubmit = spec -> FakeController.task(43, TaskState.REJECTED)
                .message("No connected agent runs ruby; they run python, sh.").build();

        assertEquals(2, console.run("submit", "prog.rb"));

        assertEquals("No connected agent runs ruby; they run python, sh.\n", console.err());
        assertEquals("", console.out());
    }

    @Test
    void waitPrintsTheOutputAndExits0WhenTheTaskSucceeds() throws IOException {
        write(home.resolve("hello.py"), "print('hello')\n");
        controller.emit(FakeController.task(42, TaskState.RUNNING).agentId("agent-1").startedAt(FakeController.T0).build());
        controller.emit(FakeController.task(42, TaskState.SUCCEEDED).agentId("agent-1").exitCode(0)
                .startedAt(FakeController.T0).endedAt(FakeController.T0.plusSeconds(1)).output("hello\n").errorOutput("").build());

        assertEquals(0, console.run("submit", "hello.py", "--wait"), console.err());

        assertEquals("hello\n", console.out());
        assertEquals("", console.err());
    }

    @Test
    void waitPrintsTheOutputAsItIsWrittenOnTheMatchingStreamsAndNothingTwice() throws IOException {
        write(home.resolve("count.py"), "pass\n");
        controller.emit(FakeController.task(42, TaskState.RUNNING).agentId("agent-1").build());
        controller.writeOutput(42, "line 1\n", "");
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        StringBuilder outBeforeTheEnd = new StringBuilder();
        StringBuilder errBeforeTheEnd = new StringBuilder();
        console.pause = wait -> {
            int n = polls.incrementAndGet();
            if (n < 3) {
                controller.writeOutput(42, "line " + (n + 1) + "\n", "warning " + n + "\n");
            } else {
                outBeforeTheEnd.append(console.out());
                errBeforeTheEnd.append(console.err());
                controller.writeOutput(42, "", "Traceback: boom\n");
                // The ended task carries excerpts of the same files: they are not printed again.
                controller.tasks.put(42L, FakeController.task(42, TaskState.FAILED).agentId("agent-1").exitCode(3)
                        .output("line 1\nline 2\nline 3\n").errorOutput("warning 1\nwarning 2\nTraceback: boom\n").build());
            }
        };

        assertEquals(1, console.run("submit", "count.py", "--wait"));

        assertEquals("line 1\nline 2\nline 3\n", outBeforeTheEnd.toString(), "stdout is printed while the task runs");
        assertEquals("warning 1\nwarning 2\n", errBeforeTheEnd.toString(), "stderr too, on stderr");
        assertEquals("line 1\nline 2\nline 3\n", console.out());
        assertEquals("warning 1\nwarning 2\nTraceback: boom\nTask 42 failed: Exited with code 3.\n", console.err());
    }

    @Test
    void atATerminalTheProgressLinesComeBeforeTheOutputAndALastOpenLineIsEnded() throws IOException {
        write(home.resolve("hello.py"), "pass\n");
        controller.onSubmit = spec -> FakeController.task(42, TaskState.QUEUED).waitReason("no agent runs python yet").build();
        controller.emit(FakeController.task(42, TaskState.RUNNING).agentId("agent-1").agentHost("node2").build());
        controller.writeOutput(42, "started\n", "");
        console.pause = wait -> {
            controller.writeOutput(42, "done, no newline", "note\n");
            controller.tasks.put(42L, FakeController.task(42, TaskState.SUCCEEDED).agentId("agent-1").exitCode(0).build());
        };
        console.interactive = true;

        assertEquals(0, console.run("submit", "hello.py", "--wait"), console.err());

        assertEquals("started\ndone, no newline\n", console.out());
        assertEquals("Task 42 is queued: no agent runs python yet\nTask 42 runs on agent-1 (node2).\nnote\n", console.err());
    }

    @Test
    void aSyntaxErrorStreamedFromStderrIsPrintedOnceAndTheClosingLinePointsUp() throws IOException {
        write(home.resolve("broken.py"), "def greet(name)\n");
        controller.writeOutput(42, "", CHECKER_STDERR);
        controller.emit(FakeController.task(42, TaskState.FAILED).agentId("agent-1")
                .errorOutput(CHECKER_STDERR).message(SYNTAX_MESSAGE).build());

        assertEquals(1, console.run("submit", "broken.py", "--wait"));

        assertEquals(CHECKER_STDERR + "Task 42 failed: Syntax error in broken.py (see above).\n", console.err());
        assertEquals("", console.out());
    }

    @Test
    void aRestartedTaskSaysSoBeforeItsOutputFromTheStart() throws IOException {
        write(home.resolve("hello.py"), "pass\n");
        controller.emit(FakeController.task(42, TaskState.RUNNING).agentId("agent-1").attempt(1).build());
        controller.writeOutput(42, "first try\n", "");
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        console.pause = wait -> {
            if (polls.incrementAndGet() == 1) {
                controller.stdout.remove(42L);
                controller.stderr.remove(42L);
                controller.writeOutput(42, "second try\n", "");
                controller.tasks.put(42L, FakeController.task(42, TaskState.RUNNING).agentId("agent-2").attempt(2).build());
            } else {
                controller.tasks.put(42L, FakeController.task(42, TaskState.SUCCEEDED).agentId("agent-2").attempt(2).exitCode(0).build());
            }
        };
        console.interactive = true;

        assertEquals(0, console.run("submit", "hello.py", "--wait"), console.err());

        assertEquals("first try\nsecond try\n", console.out());
        assertEquals("Task 42 is queued.\nTask 42 runs on agent-1.\nTask 42 runs on agent-2, attempt 2.\n"
                + "Task 42 runs again (attempt 2); its output from the start:\n", console.err());
    }

    @Test
    void atATerminalWaitSaysWhereTheTaskIsOnStderr() throws IOException {
        write(home.resolve("hello.py"), "print('hello')\n");
        controller.emit(FakeController.task(42, TaskState.RUNNING).agentId("agent-1").agentHost("node2").startedAt(FakeController.T0).build());
        controller.emit(FakeController.task(42, TaskState.SUCCEEDED).agentId("agent-1").exitCode(0)
                .startedAt(FakeController.T0).endedAt(FakeController.T0.plusSeconds(1)).output("hello\n").errorOutput("").build());
        console.interactive = true;

        assertEquals(0, console.run("submit", "hello.py", "--wait"), console.err());

        assertEquals("hello\n", console.out(), "stdout stays the program's output");
        assertTrue(console.err().contains("Task 42 runs on agent-1 (node2)."), console.err());
    }

    @Test
    void waitExits1WhenTheTaskFailsAndSaysWhy() throws IOException {
        write(home.resolve("fail.py"), "import sys; sys.exit(3)\n");
        controller.emit(FakeController.task(42, TaskState.RUNNING).agentId("agent-1").build());
        controller.emit(FakeController.task(42, TaskState.FAILED).agentId("agent-1").exitCode(3)
                .output("partial\n").errorOutput("boom\n").build());

        assertEquals(1, console.run("submit", "fail.py", "--wait"));

        assertEquals("partial\n", console.out());
        assertEquals("boom\nTask 42 failed: Exited with code 3.\n", console.err());
    }

    /** What an agent reports for examples/broken.py: its checker's lines on stderr, and the same lines, boiled down, as message. */
    static final String CHECKER_STDERR = "  File \"broken.py\", line 2\n    def greet(name)\n                   ^\nSyntaxError: expected ':'\n";
    static final String SYNTAX_MESSAGE = "Syntax error in broken.py: File \"broken.py\", line 2\ndef greet(name)\nSyntaxError: expected ':'";

    @Test
    void waitPrintsASyntaxErrorOnceAndPointsUpToIt() throws IOException {
        write(home.resolve("broken.py"), "def greet(name)\n");
        controller.emit(FakeController.task(42, TaskState.FAILED).agentId("agent-1")
                .errorOutput(CHECKER_STDERR).message(SYNTAX_MESSAGE).build());

        assertEquals(1, console.run("submit", "broken.py", "--wait"));

        assertEquals(CHECKER_STDERR + "Task 42 failed: Syntax error in broken.py (see above).\n", console.err());
    }

    @Test
    void aMessageOfSeveralLinesNotShownAboveHasItsLinesIndentedUnderItsHead() throws IOException {
        write(home.resolve("broken.py"), "def greet(name)\n");
        controller.emit(FakeController.task(42, TaskState.FAILED).agentId("agent-1").errorOutput("").message(SYNTAX_MESSAGE).build());

        assertEquals(1, console.run("submit", "broken.py", "--wait"));

        assertEquals("Task 42 failed: Syntax error in broken.py:\n  File \"broken.py\", line 2\n  def greet(name)\n"
                + "  SyntaxError: expected ':'\n", console.err());
    }

    @Test
    void aProgramNameThatIsNotValidUtf8IsRefusedWithTheFixNotAJavaException() {
        // The JVM hands a name whose bytes are not UTF-8 (caf\xe9.py, Latin-1) over with U+FFFD in their place.
        int code = console.run("submit", "caf\uFFFD.py");

        assertEquals(2, code);
        assertTrue(console.err().startsWith("The program file name 'caf?.py' has bytes that are not valid UTF-8"), console.err());
        assertTrue(console.err().contains("Rename it to a UTF-8 name"), console.err());
        assertEquals(List.of(), controller.submitted, "nothing was submitted");
        assertEquals(2, console.run("submit", "ok.py", "--data", "caf\uFFFD.csv"), console.err());
        assertTrue(console.err().contains("The data file name 'caf?.csv' has bytes that are not valid UTF-8"), console.err());
    }

    @Test
    void waitExits1WhenTheTaskIsCancelled() throws IOException {
        write(home.resolve("slow.py"), "pass\n");
        controller.emit(FakeController.task(42, TaskState.CANCELLED).build());

        assertEquals(1, console.run("submit", "slow.py", "--wait"));

        assertTrue(console.err().contains("Task 42 was cancelled."), console.err());
    }

    @Test
    void jsonPrintsTheTaskWithTypedFields() throws IOException {
        write(home.resolve("hello.py"), "pass\n");

        assertEquals(0, console.run("submit", "hello.py", "--json", "a b"), console.err());

        JsonNode task = new ObjectMapper().readTree(console.out());
        for (String field : List.of("id", "state", "project", "projectId", "program", "agentId", "exitCode", "output",
                "errorOutput", "message", "submittedAt", "startedAt", "endedAt", "resultPath", "agentHost", "language",
                "arguments", "dataPath", "email", "priority", "attempt", "waitReason", "duplicateOf", "cpuSeconds",
                "memoryBytes", "bytesRead")) {
            assertTrue(task.has(field), "missing " + field + " in " + task);
        }
        assertTrue(task.get("id").isIntegralNumber());
        assertEquals(42, task.get("id").asLong());
        assertEquals("QUEUED", task.get("state").asText());
        assertEquals("2024-05-01T12:00:00Z", task.get("submittedAt").asText());
        assertTrue(task.get("exitCode").isNull());
        assertTrue(task.get("startedAt").isNull());
        assertEquals("python", task.get("language").asText());
        assertTrue(task.get("arguments").isArray());
        assertEquals("a b", controller.submitted.get(0).arguments().get(0));
    }

    @Test
    void waitWithJsonPrintsTheEndedTask() throws IOException {
        write(home.resolve("hello.py"), "pass\n");
        controller.emit(FakeController.task(42, TaskState.SUCCEEDED).exitCode(0).output("hi\n").agentId("agent-2").build());

        assertEquals(0, console.run("submit", "hello.py", "--wait", "--json"), console.err());

        JsonNode task = new ObjectMapper().readTree(console.out());
        assertEquals("SUCCEEDED", task.get("state").asText());
        assertEquals(0, task.get("exitCode").asInt());
        assertTrue(task.get("exitCode").isInt());
        assertEquals("hi\n", task.get("output").asText());
        assertEquals("agent-2", task.get("agentId").asText());
    }

    @Test
    void waitWithJsonPrintsOnlyTheTaskNotTheOutputAsItComes() throws IOException {
        write(home.resolve("hello.py"), "pass\n");
        controller.writeOutput(42, "hi\n", "careful\n");
        controller.emit(FakeController.task(42, TaskState.RUNNING).agentId("agent-2").build());
        controller.emit(FakeController.task(42, TaskState.SUCCEEDED).exitCode(0).output("hi\n").errorOutput("careful\n").build());

        assertEquals(0, console.run("submit", "hello.py", "--wait", "--json"), console.err());

        assertEquals("SUCCEEDED", new ObjectMapper().readTree(console.out()).get("state").asText(), console.out());
        assertEquals("", console.err());
    }

    @Test
    void eachSubmitsOneTaskPerLineWithTheCommonOptions() throws IOException {
        write(shared.resolve("jobs/sweep.py"), "print(1)\n");
        write(home.resolve("runs.txt"), "# a sweep\n\n" + shared.resolve("jobs/sweep.py") + " -x 1\n"
                + shared.resolve("jobs/sweep.py") + "   -x 2  --fast\n");
        java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong(7);
        controller.onSubmit = spec -> FakeController.task(ids.getAndIncrement(), TaskState.QUEUED).project(spec.project()).build();

        int code = console.run("submit", "--each", "runs.txt", "--project", "sweep", "--timeout", "5m");

        assertEquals(0, code, console.err());
        assertEquals(2, controller.submitted.size());
        assertEquals(List.of("-x", "1"), controller.submitted.get(0).arguments());
        assertEquals(List.of("-x", "2", "--fast"), controller.submitted.get(1).arguments());
        for (TaskSpec spec : controller.submitted) {
            assertEquals(ProgramSource.shared("jobs/sweep.py"), spec.program());
            assertEquals("sweep", spec.project());
            assertEquals(Duration.ofMinutes(5), spec.timeout());
        }
        assertEquals("Submitted 2 tasks (ids 7–8) for project sweep. Follow them: taskgrid watch\n", console.out());
    }

    @Test
    void eachNamesTheLineOfEveryRefusedTaskAndExits2() throws IOException {
        write(home.resolve("a.sh"), "echo a\n");
        write(home.resolve("runs.txt"), "a.sh 1\n# skipped\na.sh 2\n");
        controller.onSubmit = spec -> spec.arguments().equals(List.of("2"))
                ? FakeController.task(9, TaskState.REJECTED).message("No connected agent runs sh.").build()
                : FakeController.task(8, TaskState.QUEUED).build();

        assertEquals(2, console.run("submit", "--each", "runs.txt"));

        assertEquals("runs.txt line 3: No connected agent runs sh.\n", console.err());
        assertTrue(console.out().startsWith("Submitted 1 task (id 8) for project default; 1 refused"), console.out());
    }

    @Test
    void eachRefusesAProgramBesideItAndAMissingFileWithASentence() {
        assertEquals(2, console.run("submit", "job.py", "--each", "runs.txt"));
        assertTrue(console.err().contains("Give either a PROGRAM or --each FILE, not both"), console.err());

        assertEquals(2, console.run("submit", "--each", "missing.txt"));
        assertTrue(console.err().contains("missing.txt (--each) does not exist"), console.err());
        assertTrue(controller.submitted.isEmpty());
    }

    @Test
    void aMistypedOptionBeforeTheProgramIsAUsageError() {
        assertEquals(2, console.run("submit", "--wiat", "prog.py"));

        assertTrue(console.err().contains("Unknown option '--wiat'"), console.err());
        assertFalse(console.err().contains("Exception"), console.err());
    }

    @Test
    void aMissingProgramIsAUsageError() {
        assertEquals(2, console.run("submit"));

        assertTrue(console.err().contains("Give the PROGRAM to run, or --each FILE"), console.err());
        assertNull(controller.connectedTo, "no controller contacted");
    }
}

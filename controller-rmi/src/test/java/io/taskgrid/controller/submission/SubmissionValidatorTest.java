package io.taskgrid.controller.submission;

import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubmissionValidatorTest {
    @TempDir
    Path shared;
    @TempDir
    Path outside;
    private SubmissionValidator validator;
    private final ConnectedRuntimes pythonAndShell = new ConnectedRuntimes(2, EnumSet.of(Language.PYTHON, Language.SHELL,
            Language.BASH, Language.JAVA));

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(shared.resolve("hello.py"), "print('hi')\n");
        Files.writeString(shared.resolve("data.csv"), "a,b\n");
        Files.createDirectories(shared.resolve("folder"));
        Files.writeString(shared.resolve("noext"), "just text\n");
        Files.writeString(shared.resolve("script"), "#!/usr/bin/env python3\nprint(1)\n");
        Files.writeString(outside.resolve("secret.py"), "print('secret')\n");
        validator = new SubmissionValidator(new SharedRoot(shared), Duration.ofMinutes(5));
    }

    private TaskSpec.Builder spec(String program) {
        return TaskSpec.builder(ProgramSource.shared(program));
    }

    private String rejection(TaskSpec spec) {
        Verdict v = validator.validate(spec, pythonAndShell);
        assertTrue(!v.accepted(), "expected a rejection for " + spec);
        return v.rejection();
    }

    @Test
    void acceptsAValidSharedProgramAndAppliesTheDefaultTimeout() {
        Verdict v = validator.validate(spec("hello.py").dataPath("data.csv").email("ann@example.org").build(), pythonAndShell);
        assertNull(v.rejection());
        assertEquals(Language.PYTHON, v.language());
        assertEquals(Duration.ofMinutes(5), v.timeout());
    }

    @Test
    void anAcceptedVerdictCarriesTheSharedFilesAsValidationFoundThemAndAnInlineProgramNone() throws Exception {
        Verdict v = validator.validate(spec("hello.py").dataPath("data.csv").build(), pythonAndShell);
        assertEquals(shared.resolve("hello.py"), v.program().path());
        assertEquals(Files.size(shared.resolve("hello.py")), v.program().attributes().size());
        assertTrue(v.program().attributes().isRegularFile());
        assertEquals(shared.resolve("data.csv"), v.data().path());
        assertEquals(Files.getLastModifiedTime(shared.resolve("data.csv")), v.data().attributes().lastModifiedTime());

        Verdict inline = validator.validate(TaskSpec.builder(ProgramSource.inline("a.py", "print(1)\n".getBytes(StandardCharsets.UTF_8)))
                .build(), pythonAndShell);
        assertTrue(inline.accepted());
        assertNull(inline.program());
        assertNull(inline.data());
    }

    @Test
    void detectsTheLanguageFromTheShebangLine() {
        assertEquals(Language.PYTHON, validator.validate(spec("script").build(), pythonAndShell).language());
    }

    @Test
    void rejectsAMissingProgram() {
        assertTrue(rejection(spec("missing.py").build()).startsWith("The program 'missing.py' does not exist in the shared folder"));
    }

    @Test
    void rejectsAFolderAsProgram() {
        assertTrue(rejection(spec("folder").build()).contains("is not a regular file"));
    }

    @Test
    void rejectsPathsThatLeaveTheSharedRoot() throws Exception {
        assertTrue(rejection(spec("../" + outside.getFileName() + "/secret.py").build()).contains("leaves the shared folder"));
        assertTrue(rejection(spec(outside.resolve("secret.py").toString()).build()).contains("outside the shared folder"));
        Files.createSymbolicLink(shared.resolve("link.py"), outside.resolve("secret.py"));
        assertTrue(rejection(spec("link.py").build()).contains("symbolic link"));
    }

    @Test
    void rejectsAProgramWhoseLanguageCannotBeTold() {
        assertEquals("TaskGrid cannot tell the language of noext; use an extension such as .py, .sh, .java, .js or a #! line.",
                rejection(spec("noext").build()));
    }

    @Test
    void rejectsALanguageNoConnectedAgentRuns() {
        TaskSpec ruby = TaskSpec.builder(ProgramSource.inline("x.rb", "puts 1".getBytes(StandardCharsets.UTF_8))).build();
        assertEquals("No connected agent runs ruby programs; connected agents run: bash, java, python, sh.", rejection(ruby));
    }

    @Test
    void acceptsAnyLanguageWhenNoAgentIsConnected() {
        TaskSpec ruby = TaskSpec.builder(ProgramSource.inline("x.rb", "puts 1".getBytes(StandardCharsets.UTF_8))).build();
        assertTrue(validator.validate(ruby, ConnectedRuntimes.NONE).accepted());
    }

    @Test
    void rejectsATooLargeInlineProgram() {
        TaskSpec big = TaskSpec.builder(ProgramSource.inline("big.py", new byte[SubmissionValidator.MAX_INLINE_BYTES + 1])).build();
        assertTrue(rejection(big).contains("more than the 10 MB an inline program may have"));
    }

    @Test
    void rejectsMissingData() {
        assertTrue(rejection(spec("hello.py").dataPath("nope.csv").build()).startsWith("The data path 'nope.csv' does not exist"));
    }

    @Test
    void rejectsBadNames() {
        assertEquals("The project name 'my project' is not allowed; use 1 to 64 letters, digits, '.', '_' or '-'.",
                rejection(spec("hello.py").project("my project").build()));
        assertTrue(rejection(spec("hello.py").projectId("../x").build()).startsWith("The project id '../x' is not allowed"));
        assertTrue(rejection(spec("hello.py").project("x".repeat(65)).build()).contains("is not allowed"));
    }

    @Test
    void rejectsABadEmailAddress() {
        assertEquals("The e-mail address 'not-an-address' is not valid; write it like name@example.org.",
                rejection(spec("hello.py").email("not-an-address").build()));
    }

    @Test
    void rejectsTimeoutsOutOfRange() {
        assertTrue(rejection(spec("hello.py").timeout(Duration.ZERO).build()).startsWith("The timeout must be longer than zero"));
        assertTrue(rejection(spec("hello.py").timeout(Duration.ofDays(8)).build()).contains("longer than the 7 days allowed"));
    }

    @Test
    void rejectsBadArguments() {
        assertTrue(rejection(spec("hello.py").arguments(Collections.nCopies(1001, "a")).build()).contains("more than the 1,000 allowed"));
        assertTrue(rejection(spec("hello.py").arguments(List.of("x".repeat(32 * 1024 + 1))).build()).contains("more than the 32 KB allowed"));
        assertTrue(rejection(spec("hello.py").arguments(List.of("ok", "a\0b")).build()).startsWith("Argument 2 contains a NUL character"));
    }

    @Test
    void rejectsAPriorityOutOfRange() {
        assertEquals("The priority 101 is outside -100 to 100; choose a value in that range.",
                rejection(spec("hello.py").priority(101).build()));
    }

    @Test
    void environmentVariablesAreCheckedAndTaskgridsOwnNamesRefused() {
        assertNull(validator.validate(spec("hello.py").environment(java.util.Map.of("MODE", "fast", "PATH", "/opt/bin:/bin",
                "_x1", "")).build(), pythonAndShell).rejection(), "plain names, PATH included, are accepted");
        String own = rejection(spec("hello.py").environment(java.util.Map.of("TASKGRID_TLS_PASSWORD", "x")).build());
        assertTrue(own.startsWith("The variable TASKGRID_TLS_PASSWORD is TaskGrid's own"), own);
        String bad = rejection(spec("hello.py").environment(java.util.Map.of("1-BAD", "x")).build());
        assertTrue(bad.startsWith("The variable name '1-BAD' is not allowed"), bad);
        String nul = rejection(spec("hello.py").environment(java.util.Map.of("A", "x\0y")).build());
        assertTrue(nul.contains("NUL"), nul);
        java.util.Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i <= EnvironmentCheck.MAX_VARIABLES; i++) {
            many.put("V" + i, "x");
        }
        String tooMany = rejection(spec("hello.py").environment(many).build());
        assertTrue(tooMany.startsWith("There are 101 environment variables"), tooMany);
        String tooBig = rejection(spec("hello.py").environment(java.util.Map.of("BIG", "x".repeat(70_000))).build());
        assertTrue(tooBig.contains("64 KB"), tooBig);
    }

    private final ConnectedRuntimes labelled = ConnectedRuntimes.of(List.of(
            new ConnectedRuntimes.Offer("node1", EnumSet.of(Language.PYTHON), java.util.Set.of("big-mem")),
            new ConnectedRuntimes.Offer("node2", EnumSet.of(Language.PYTHON, Language.SHELL), java.util.Set.of("fast-disk")),
            new ConnectedRuntimes.Offer("node3", EnumSet.of(Language.SHELL), java.util.Set.of("fast-disk", "gpu"))));

    @Test
    void aRequirementNoConnectedAgentMeetsWithItsLanguageIsRefusedNamingTheLabelsThatExist() {
        Verdict v = validator.validate(spec("hello.py").requires(List.of("gpu")).build(), labelled);
        assertEquals("No connected agent with the label gpu runs python. Labels of the connected agents: big-mem (node1),"
                + " fast-disk (node2, node3), gpu (node3). Submit with --wait-for-agent to keep it queued until such an agent"
                + " joins.", v.rejection());
        Verdict kept = validator.validate(spec("hello.py").requires(List.of("gpu")).waitForAgent(true).build(), labelled);
        assertTrue(kept.accepted(), "--wait-for-agent keeps it");
        assertEquals(List.of("gpu"), kept.requirements().required());
    }

    @Test
    void requirementsSomeAgentMeetsAreAccepted() {
        Verdict v = validator.validate(spec("hello.py").requires(List.of("fast-disk,!big-mem")).build(), labelled);
        assertTrue(v.accepted(), v.rejection());
        assertEquals("fast-disk, !big-mem", v.requirements().toString());
        assertTrue(validator.validate(spec("hello.py").requires(List.of("gpu")).build(), ConnectedRuntimes.NONE).accepted(),
                "with no agent connected, a task waits for the first, as before");
    }

    @Test
    void badOrContradictoryRequirementsAreRefusedInASentence() {
        assertEquals("The requirements ask for the label gpu and for its absence (!gpu); keep one of them.",
                validator.validate(spec("hello.py").requires(List.of("gpu", "!gpu")).waitForAgent(true).build(), labelled).rejection());
        assertEquals("The label 'GPU' has capital letters; write it in lowercase: gpu.",
                validator.validate(spec("hello.py").requires(List.of("GPU")).build(), labelled).rejection());
    }

    private final ConnectedRuntimes sized = ConnectedRuntimes.of(List.of(
            new ConnectedRuntimes.Offer("node1", EnumSet.of(Language.PYTHON), java.util.Set.of(), 4, 16L << 30),
            new ConnectedRuntimes.Offer("node2", EnumSet.of(Language.PYTHON), java.util.Set.of("gpu"), 8, 4L << 30),
            new ConnectedRuntimes.Offer("node3", EnumSet.of(Language.SHELL), java.util.Set.of(), 64, 256L << 30)));

    @Test
    void aRequestLargerThanEveryAgentThatRunsItIsRefusedNamingTheLargest() {
        assertEquals("No connected agent that runs python has 16 CPUs; the most one has is 8 (node2). Ask for --cpus 8 or"
                        + " fewer, or submit with --wait-for-agent to keep it queued until a larger agent joins.",
                validator.validate(spec("hello.py").resources(io.taskgrid.api.task.Resources.of(16, 0)).build(), sized).rejection());
        assertEquals("No connected agent that runs python offers 32G of memory; the most one with 2 CPUs offers is 16G (node1)."
                        + " Ask for less with --memory, or submit with --wait-for-agent to keep it queued until a larger agent joins.",
                validator.validate(spec("hello.py").resources(io.taskgrid.api.task.Resources.of(2, 32L << 30)).build(), sized).rejection());
        assertEquals("No connected agent with the label gpu that runs python offers 8G of memory; the most one with 1 CPU offers"
                        + " is 4G (node2). Ask for less with --memory, or submit with --wait-for-agent to keep it queued until a"
                        + " larger agent joins.",
                validator.validate(spec("hello.py").requires(List.of("gpu")).resources(io.taskgrid.api.task.Resources.of(1, 8L << 30))
                        .build(), sized).rejection());
        assertTrue(validator.validate(spec("hello.py").resources(io.taskgrid.api.task.Resources.of(8, 2L << 30)).build(), sized).accepted());
        assertTrue(validator.validate(spec("hello.py").resources(io.taskgrid.api.task.Resources.of(16, 0)).waitForAgent(true).build(),
                sized).accepted(), "--wait-for-agent keeps it");
    }

    @Test
    void aRequestLargerThanTheProcessLimitIsRefusedEvenWhenItWouldWaitForAnAgent() {
        SubmissionValidator limited = new SubmissionValidator(new SharedRoot(shared), Duration.ofMinutes(5), 8);
        assertEquals("The task asks for 16 CPUs, more than the 8 this controller runs at once (its --max-processes); ask for"
                        + " --cpus 8 or fewer.",
                limited.validate(spec("hello.py").resources(io.taskgrid.api.task.Resources.of(16, 0)).waitForAgent(true).build(),
                        sized).rejection());
        assertTrue(limited.validate(spec("hello.py").resources(io.taskgrid.api.task.Resources.of(8, 0)).build(), sized).accepted());
    }
}

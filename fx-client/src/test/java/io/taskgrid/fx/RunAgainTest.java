package io.taskgrid.fx;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Run again: the spec built from a task's record, and which programs are known here. */
class RunAgainTest {
    private final FakeGateway controller = new FakeGateway();
    private final Background sameThread = new Background(Runnable::run, Runnable::run);
    private final SubmittedPrograms programs = new SubmittedPrograms();
    private final List<TaskRecord> shown = new ArrayList<>();
    private final RunAgain runAgain = new RunAgain(() -> controller, sameThread, programs, shown::add);

    private static TaskRecord asked(String program) {
        return TaskRecord.builder().id(7).project("survey").projectId("s-7").program(program).state(TaskState.FAILED)
                .arguments(List.of("--rows", "10")).dataPath("data/numbers.csv").email("ann@example.org")
                .timeout(Duration.ofMinutes(5)).priority(-3).clientHost("laptop")
                .requirements(io.taskgrid.api.task.Requirements.parse(List.of("gpu", "!big-mem")))
                .resources(Resources.of(4, Resources.parseMemory("2G"))).build();
    }

    @Test
    void theSpecAsksForTheSameProgramDataArgumentsProjectAndPriorityWithForce() {
        TaskSpec spec = RunAgain.spec(asked("tools/wordcount.py"), ProgramSource.shared("tools/wordcount.py"));
        assertEquals(ProgramSource.shared("tools/wordcount.py"), spec.program());
        assertEquals(List.of("--rows", "10"), spec.arguments());
        assertEquals("data/numbers.csv", spec.dataPath());
        assertEquals("survey", spec.project());
        assertEquals(-3, spec.priority());
        assertEquals(Duration.ofMinutes(5), spec.timeout());
        assertEquals("ann@example.org", spec.email());
        assertEquals(List.of("gpu", "!big-mem"), spec.requires(), "it goes to the same kind of agent");
        assertEquals(new Resources(4, 2L << 30), spec.resources(), "it asks for the same CPUs and memory");
        assertTrue(spec.force(), "an earlier result does not stand in for the new run");
        assertNull(spec.projectId(), "the controller gives the new task an id of its own");
    }

    @Test
    void aSharedProgramRunsAgainByItsPath() {
        runAgain.run(List.of(asked("tools/wordcount.py")), news -> { }, message -> { throw new AssertionError(message); });
        assertEquals(1, controller.submitted.size());
        assertEquals(ProgramSource.shared("tools/wordcount.py"), controller.submitted.get(0).program());
        assertTrue(controller.submitted.get(0).force());
        assertEquals(1, shown.size(), "the history is told of the new task");
    }

    @Test
    void anInlineProgramSentFromElsewhereRunsAgainWithTheControllersCopy() {
        byte[] text = "print(2)\n".getBytes(StandardCharsets.UTF_8);
        controller.programs.put(7L, ProgramSource.inline("squares.py", text));
        TaskRecord t = asked("squares.py (inline)");
        assertNull(runAgain.problem(t), "the controller has the last word");
        runAgain.run(List.of(t), news -> { }, message -> { throw new AssertionError(message); });
        assertArrayEquals(text, controller.submitted.get(0).program().inlineContent());
    }

    @Test
    void anInlineProgramTheControllerDoesNotHandOutIsNotRunAgainAndTheRefusalIsSaid() {
        TaskRecord t = asked("squares.py (inline)");
        List<String> said = new ArrayList<>();
        runAgain.run(List.of(t), news -> { }, said::add);
        assertEquals(0, controller.submitted.size());
        assertTrue(said.get(0).startsWith("Task 7 belongs to ann; its program goes to ann"), said.get(0));
    }

    @Test
    void anInlineProgramSentFromThisWindowRunsAgainWithItsText() {
        byte[] text = "print(sum(i * i for i in range(10)))\n".getBytes(StandardCharsets.UTF_8);
        programs.sent(7, ProgramSource.inline("squares.py", text));
        TaskRecord t = asked("squares.py (inline)");
        assertNull(runAgain.problem(t));
        List<TaskRecord> made = new ArrayList<>();
        runAgain.run(List.of(t), made::addAll, message -> { throw new AssertionError(message); });
        assertArrayEquals(text, controller.submitted.get(0).program().inlineContent());
        assertEquals("squares.py", controller.submitted.get(0).program().fileName());
        assertTrue(programs.of(made.get(0).id()).isPresent(), "the new task's program is known here too");
        assertEquals("Task " + made.get(0).id() + " runs task 7 again.", RunAgain.sentence(List.of(t), made));
    }

    @Test
    void theProgramsRememberedAreBounded() {
        byte[] big = new byte[(int) (SubmittedPrograms.MAX_BYTES / 4) + 1];
        for (long id = 1; id <= 4; id++) {
            programs.sent(id, ProgramSource.inline("big.sh", big));
        }
        assertTrue(programs.of(1).isEmpty(), "the oldest is forgotten past the bytes allowed");
        assertTrue(programs.of(4).isPresent());
        for (long id = 10; id < 10 + SubmittedPrograms.MAX_PROGRAMS + 5; id++) {
            programs.sent(id, ProgramSource.inline("small.sh", new byte[]{'x'}));
        }
        assertTrue(programs.of(10).isEmpty() && programs.of(10 + SubmittedPrograms.MAX_PROGRAMS + 4).isPresent());
    }
}

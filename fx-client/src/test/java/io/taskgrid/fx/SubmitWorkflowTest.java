package io.taskgrid.fx;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The submit dialog's Array and After fields. */
class SubmitWorkflowTest {
    @TempDir
    Path dir;
    private final FakeGateway controller = new FakeGateway();

    @Test
    void anArrayIsSaidBackAsItIsTypedAndABadOneIsRefusedWithTheFormToWrite() {
        SubmitWorkflow w = new SubmitWorkflow();
        w.arrayProperty().set("1-4%2");
        assertEquals("4 tasks, indexes 1 to 4, at most 2 running at once; each gets its index in TASKGRID_ARRAY_INDEX.",
                w.arraySentenceProperty().get());
        w.arrayProperty().set("0-90:10");
        assertEquals("10 tasks, indexes 0 to 90 by 10; each gets its index in TASKGRID_ARRAY_INDEX.", w.arraySentenceProperty().get());
        w.arrayProperty().set("1-1000-");
        assertEquals("", w.arraySentenceProperty().get());
        assertFalse(w.validate());
        assertEquals("'1-1000-' is not an array of indexes; write FIRST-LAST[:STEP][%LIMIT], for example 1-1000, 0-99:10 or 1-500%20.",
                w.arrayErrorProperty().get());
        w.arrayProperty().set("");
        assertTrue(w.validate(), "empty: one task");
    }

    @Test
    void aBadTaskToWaitForIsRefusedNextToTheField() {
        SubmitWorkflow w = new SubmitWorkflow();
        w.afterProperty().set("41 forty-two");
        assertFalse(w.validate());
        assertEquals("'forty-two' is not a task to wait for; write task ids or members of arrays, such as 41 42.7, separated by spaces.",
                w.afterErrorProperty().get());
    }

    @Test
    void theDialogSendsTheArrayAndTheTasksToWaitForAMemberByItsTaskId() throws Exception {
        controller.tasks.addAll(FakeGateway.array(40, 8, TaskState.SUCCEEDED)); // 40.7 is task 46
        SubmitViewModel m = new SubmitViewModel(() -> controller, new Background(Runnable::run, Runnable::run), null, dir);
        m.programFileProperty().set(Files.writeString(dir.resolve("collect.py"), "print(1)").toString());
        m.workflow().arrayProperty().set("1-4%2");
        m.workflow().afterProperty().set("41, 40.7");
        m.workflow().afterKindProperty().set(Dependency.Kind.ENDED);
        List<TaskRecord> accepted = new ArrayList<>();
        m.submit(accepted::add);
        assertEquals(1, accepted.size(), m.submitErrorProperty().get());
        assertEquals(new TaskArray(1, 4, 1, 2), controller.submitted.get(0).array());
        assertEquals(List.of(new Dependency(Dependency.Kind.ENDED, 41), new Dependency(Dependency.Kind.ENDED, 46)),
                controller.submitted.get(0).after());
    }

    @Test
    void aMemberThatIsNotThereIsTheControllersSentenceAndNothingIsSent() throws Exception {
        controller.tasks.addAll(FakeGateway.array(40, 2, TaskState.SUCCEEDED));
        SubmitViewModel m = new SubmitViewModel(() -> controller, new Background(Runnable::run, Runnable::run), null, dir);
        m.programFileProperty().set(Files.writeString(dir.resolve("collect.py"), "print(1)").toString());
        m.workflow().afterProperty().set("40.9");
        m.submit(t -> { });
        assertEquals("Array 40 has no index 9.", m.submitErrorProperty().get());
        assertTrue(controller.submitted.isEmpty());
    }
}

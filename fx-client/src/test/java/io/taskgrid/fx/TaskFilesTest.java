package io.taskgrid.fx;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The result folder as an absolute path where the shared folder is mounted, and the program's text. */
class TaskFilesTest {
    @TempDir
    Path shared;

    private static TaskRecord task(String program, String resultPath) {
        return TaskRecord.builder().id(12).project("p").program(program).state(TaskState.SUCCEEDED)
                .resultPath(resultPath).clientHost("laptop").build();
    }

    @Test
    void aResultFolderOnTheMountedSharedFolderIsShownAbsoluteAndCanBeOpened() throws Exception {
        Path folder = Files.createDirectories(shared.resolve("results/p/12"));
        Files.writeString(shared.resolve("hello.py"), "print('hello')\n");
        TaskFiles.Seen seen = TaskFiles.look(task("hello.py", "results/p/12"), SharedFolder.of(shared.toString()), Optional.empty());
        assertEquals(folder.toRealPath().toString(), seen.resultFolder());
        assertEquals(folder.toRealPath(), seen.resultHere());
        assertEquals("", seen.resultProblem());
        assertEquals("print('hello')\n", seen.source());
        assertTrue(seen.sourceNote().contains("may have changed since the task ran"), seen.sourceNote());
    }

    @Test
    void aSharedFolderNotMountedHereGivesTheControllersPathAndSaysWhyItCannotBeOpened() {
        SharedFolder elsewhere = SharedFolder.of("/srv/taskgrid-shared-not-here");
        TaskFiles.Seen seen = TaskFiles.look(task("hello.py", "results/p/12"), elsewhere, Optional.empty());
        assertEquals("/srv/taskgrid-shared-not-here/results/p/12", seen.resultFolder());
        assertNull(seen.resultHere());
        assertEquals("The shared folder /srv/taskgrid-shared-not-here is not mounted on this machine.", seen.resultProblem());
        assertEquals("", seen.source());
        assertTrue(seen.sourceNote().contains("/srv/taskgrid-shared-not-here/hello.py"), seen.sourceNote());
    }

    @Test
    void aResultPathLeavingTheSharedFolderIsNotOpened() {
        assertTrue(SharedFolder.of(shared.toString()).here("../../etc").isEmpty());
    }

    @Test
    void anInlineProgramSentFromHereShowsItsTextOtherwiseSaysWhyNot() {
        byte[] text = "echo hi\n".getBytes(StandardCharsets.UTF_8);
        SharedFolder folder = SharedFolder.of(shared.toString());
        TaskFiles.Seen known = TaskFiles.look(task("hi.sh (inline)", null), folder, Optional.of(ProgramSource.inline("hi.sh", text)));
        assertEquals("echo hi\n", known.source());
        assertEquals("The task has no result folder yet.", known.resultProblem());
        TaskFiles.Seen unknown = TaskFiles.look(task("hi.sh (inline)", null), folder, Optional.empty(), "Task 1 belongs to ann.");
        assertEquals("", unknown.source());
        assertEquals("An inline program sent from laptop; the controller did not hand its text out: Task 1 belongs to ann.",
                unknown.sourceNote());
    }
}

package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkFolderTest {
    @TempDir
    Path tasks;

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSlotsFirstTaskGetsANewEmptyFolder() throws Exception {
        Path work = tasks.resolve("1-1");
        WorkFolder.open(work, WorkFolder.idleOf(tasks, "taskgrid-agent-task-1"), "hi.sh");
        assertTrue(Files.isDirectory(work));
        assertEquals(List.of(), names(work));
    }

    @Test
    void theNextTaskOfTheSlotGetsTheFolderBackWithOnlyItsOwnProgramAndNothingTheLastOneLeft() throws Exception {
        Path idle = WorkFolder.idleOf(tasks, "taskgrid-agent-task-1");
        Path first = tasks.resolve("1-1");
        WorkFolder.open(first, idle, "hi.sh");
        Path program = first.resolve("hi.sh");
        assertTrue(WorkFolder.writeIfChanged(program, "echo hi\n".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(first.resolve("out.csv"), "left by the program");
        Files.createDirectories(first.resolve("sub/deeper"));
        Files.writeString(first.resolve("sub/deeper/x"), "x");
        Files.writeString(first.resolve("stderr.txt"), "a checker's report");

        WorkFolder.close(first, idle, Optional.of(program));
        assertFalse(Files.exists(first), "parked under the slot's idle name");
        assertEquals(List.of("hi.sh"), names(idle));

        Path second = tasks.resolve("2-1");
        WorkFolder.open(second, idle, "hi.sh");
        assertFalse(Files.exists(idle));
        assertEquals(List.of("hi.sh"), names(second));
        Files.setLastModifiedTime(second.resolve("hi.sh"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertFalse(WorkFolder.writeIfChanged(second.resolve("hi.sh"), "echo hi\n".getBytes(StandardCharsets.UTF_8)),
                "the same program is not written again");
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), Files.getLastModifiedTime(second.resolve("hi.sh")).toInstant());
        assertTrue(WorkFolder.writeIfChanged(second.resolve("hi.sh"), "echo ho\n".getBytes(StandardCharsets.UTF_8)),
                "an edited program is written");
        assertEquals("echo ho\n", Files.readString(second.resolve("hi.sh")));

        WorkFolder.close(second, idle, Optional.of(second.resolve("hi.sh")));
        Path third = tasks.resolve("3-1");
        WorkFolder.open(third, idle, "other.py");
        assertEquals(List.of(), names(third), "another program's file is not left for the next task to see");
    }

    @Test
    void aSharedProgramIsCopiedOnlyWhenItsBytesDiffer() throws Exception {
        Path source = tasks.resolve("source.sh");
        Files.writeString(source, "echo one\n");
        Path target = tasks.resolve("target.sh");
        assertTrue(WorkFolder.copyIfChanged(source, Files.size(source), target));
        assertFalse(WorkFolder.copyIfChanged(source, Files.size(source), target));
        Files.writeString(source, "echo two\n"); // same size, other bytes
        assertTrue(WorkFolder.copyIfChanged(source, Files.size(source), target));
        assertEquals("echo two\n", Files.readString(target));
        Files.writeString(source, "echo three\n"); // another size
        assertTrue(WorkFolder.copyIfChanged(source, Files.size(source), target));
        assertEquals("echo three\n", Files.readString(target));
        Files.delete(target);
        Files.createDirectory(target); // not a file: replaced by the program
        assertTrue(WorkFolder.copyIfChanged(source, Files.size(source), target));
        assertEquals("echo three\n", Files.readString(target));
    }

    @Test
    void aTaskThatStagedNothingLeavesAnEmptyIdleFolder() throws Exception {
        Path idle = WorkFolder.idleOf(tasks, "slot/with odd:name");
        assertEquals(".idle-slot_with_odd_name", idle.getFileName().toString());
        Path work = tasks.resolve("4-2");
        WorkFolder.open(work, idle, "x.sh");
        Files.writeString(work.resolve("stray"), "s");
        WorkFolder.close(work, idle, Optional.empty());
        assertEquals(List.of(), names(idle));
    }

    @Test
    void leftoversOfTheSameAttemptAreRemovedFirst() throws Exception {
        Path work = tasks.resolve("5-1");
        Files.createDirectories(work.resolve("old"));
        Files.writeString(work.resolve("old/file"), "from a crash");
        WorkFolder.open(work, WorkFolder.idleOf(tasks, "slot-1"), "x.sh");
        assertEquals(List.of(), names(work));
    }
}

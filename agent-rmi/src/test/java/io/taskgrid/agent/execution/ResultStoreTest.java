package io.taskgrid.agent.execution;

import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultStoreTest {
    @TempDir
    Path shared;
    @TempDir
    Path work;

    @Test
    void aFolderOpenedBeforeTheRunKeepsTheStreamsWrittenIntoItAndGetsTheRest() throws Exception {
        ResultStore store = new ResultStore(new SharedRoot(shared));
        Path leftovers = shared.resolve("results/p/7");
        Files.createDirectories(leftovers.resolve("old"));
        Files.writeString(leftovers.resolve("stdout.txt"), "an earlier attempt");

        Path opened = store.open("p", 7);
        assertEquals(leftovers.toRealPath(), opened.toRealPath());
        assertFalse(Files.exists(opened.resolve("old")), "an earlier attempt's files are gone");
        assertFalse(Files.exists(opened.resolve("stdout.txt")));

        Files.writeString(opened.resolve(ResultStore.STDOUT), "hi\n");   // as the program's sinks do
        Files.writeString(opened.resolve(ResultStore.STDERR), "");
        Path program = Files.writeString(work.resolve("job.sh"), "echo hi");
        Files.writeString(work.resolve("made.csv"), "1,2");
        Files.writeString(work.resolve(ResultStore.STDOUT), "a file the program named stdout.txt");

        String relative = store.store("p", 7, opened, work, Set.of(program), "0", "log line\n");

        assertEquals("results/p/7", relative);
        assertEquals("hi\n", Files.readString(opened.resolve(ResultStore.STDOUT)), "the streams are never overwritten");
        assertEquals("", Files.readString(opened.resolve(ResultStore.STDERR)));
        assertEquals("0\n", Files.readString(opened.resolve(ResultStore.EXIT_CODE)));
        assertEquals("log line\n", Files.readString(opened.resolve(ResultStore.LOG)));
        assertEquals("1,2", Files.readString(opened.resolve("made.csv")));
        assertFalse(Files.exists(opened.resolve("job.sh")), "the staged program is not a result");
    }

    @Test
    void withoutAnOpenedFolderTheStreamsLeftInTheWorkFolderAreMovedAndMissingOnesAreEmpty() throws Exception {
        ResultStore store = new ResultStore(new SharedRoot(shared));
        Files.writeString(work.resolve(ResultStore.STDERR), "job.py line 3: syntax error"); // the checker's report

        String relative = store.store("my project", 9, null, work, Set.of(), "", "refused\n");

        Path folder = shared.resolve(relative);
        assertEquals("results/my_project/9", relative);
        assertEquals("job.py line 3: syntax error", Files.readString(folder.resolve(ResultStore.STDERR)));
        assertFalse(Files.exists(work.resolve(ResultStore.STDERR)), "moved, not copied");
        assertTrue(Files.exists(folder.resolve(ResultStore.STDOUT)));
        assertEquals("", Files.readString(folder.resolve(ResultStore.STDOUT)));
        assertEquals("\n", Files.readString(folder.resolve(ResultStore.EXIT_CODE)));
    }
}

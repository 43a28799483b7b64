package io.taskgrid.agent.execution;

import io.taskgrid.policy.PathOutsideSharedRootException;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultStoreTest {
    @TempDir
    Path shared;
    @TempDir
    Path work;
    @TempDir
    Path outside;

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

    @Test
    void aLinkLeftWhereTheTaskFolderGoesIsReplacedByAFolderAndNothingIsWrittenWhereItPointed() throws Exception {
        Files.writeString(outside.resolve("precious.txt"), "keep me");
        Files.createDirectories(shared.resolve("results/p"));
        Files.createSymbolicLink(shared.resolve("results/p/8"), outside);
        ResultStore store = new ResultStore(new SharedRoot(shared));

        Path opened = store.open("p", 8);
        store.store("p", 8, opened, work, Set.of(), "0", "log\n");

        assertFalse(Files.isSymbolicLink(opened));
        assertTrue(Files.isDirectory(opened));
        assertEquals("0\n", Files.readString(opened.resolve(ResultStore.EXIT_CODE)));
        assertEquals(Set.of(outside.resolve("precious.txt")), Set.copyOf(ls(outside)), "the link's target is untouched");
        assertEquals("keep me", Files.readString(outside.resolve("precious.txt")));
    }

    @Test
    void aProjectFolderThatLinksOutOfTheSharedFolderIsRefused() throws Exception {
        Files.createDirectories(shared.resolve("results"));
        Files.createSymbolicLink(shared.resolve("results/p"), outside);
        ResultStore store = new ResultStore(new SharedRoot(shared));

        assertThrows(PathOutsideSharedRootException.class, () -> store.open("p", 9));
        assertEquals(java.util.List.of(), ls(outside));
    }

    @Test
    void deleteTreeTakesAFileAFolderWithContentOrALinkAndLeavesAMissingPathAndALinksTargetAlone() throws Exception {
        ResultStore.deleteTree(work.resolve("missing")); // nothing to do, no error

        Path file = Files.writeString(work.resolve("f.txt"), "x");
        ResultStore.deleteTree(file);
        assertFalse(Files.exists(file));

        Path tree = Files.createDirectories(work.resolve("t/a/b"));
        Files.writeString(tree.resolve("deep.txt"), "x");
        Files.writeString(work.resolve("t/top.txt"), "x");
        ResultStore.deleteTree(work.resolve("t"));
        assertFalse(Files.exists(work.resolve("t")));

        Files.writeString(outside.resolve("precious.txt"), "keep me");
        Path link = Files.createSymbolicLink(work.resolve("link"), outside);
        ResultStore.deleteTree(link);
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep me", Files.readString(outside.resolve("precious.txt")));

        Path dangling = Files.createSymbolicLink(work.resolve("dangling"), work.resolve("nowhere"));
        ResultStore.deleteTree(dangling);
        assertFalse(Files.exists(dangling, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private static java.util.List<Path> ls(Path folder) throws Exception {
        try (var entries = Files.list(folder)) {
            return entries.toList();
        }
    }

    @Test
    void aLinkIsJudgedByWhereTheKernelTakesItNotByItsText() throws Exception {
        Path folder = Files.createDirectories(shared.resolve("results/p/11"));
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("kept.txt"), "k");
        Files.writeString(shared.resolve("results/p/secret"), "s");
        Files.createSymbolicLink(folder.resolve("sub/inner"), Path.of(".."));              // the result folder itself
        Files.createSymbolicLink(folder.resolve("sub/escape"), Path.of("inner/../secret")); // reads inside, leads outside
        Files.createSymbolicLink(folder.resolve("sub/fine"), Path.of("../kept.txt"));
        Files.createSymbolicLink(folder.resolve("gone"), outside.resolve("nothing-there"));

        java.util.List<String> dropped = ResultStore.dropLinksOutside(folder);

        assertEquals(java.util.List.of("dropped link gone -> " + outside.resolve("nothing-there")
                + ": it points outside the task's folder", "dropped link sub/escape -> inner/../secret: it points outside"
                + " the task's folder"), dropped.stream().sorted().toList());
        assertTrue(Files.isSymbolicLink(folder.resolve("sub/inner")));
        assertEquals("k", Files.readString(folder.resolve("sub/fine")));
        assertFalse(Files.exists(folder.resolve("sub/escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}

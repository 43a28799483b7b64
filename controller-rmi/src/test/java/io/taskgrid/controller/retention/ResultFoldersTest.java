package io.taskgrid.controller.retention;

import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attacks on deleting result folders: a link (or a path) that would lead the deletion out of the shared folder. */
class ResultFoldersTest {
    @TempDir
    Path temp;
    private Path shared;
    private Path outside;
    private ResultFolders folders;

    @BeforeEach
    void setUp() throws Exception {
        shared = Files.createDirectories(temp.resolve("shared"));
        outside = Files.createDirectories(temp.resolve("precious"));
        Files.writeString(outside.resolve("keep.txt"), "mine");
        folders = new ResultFolders(new SharedRoot(shared));
    }

    @Test
    void aResultFolderThatIsALinkOutOfTheSharedFolderIsRefusedAndItsTargetStays() throws Exception {
        Files.createDirectories(shared.resolve("results/p"));
        Files.createSymbolicLink(shared.resolve("results/p/7"), outside);
        assertFalse(folders.delete(7, "results/p/7"));
        assertTrue(Files.exists(outside.resolve("keep.txt")));
    }

    @Test
    void aProjectFolderThatIsALinkOutOfTheSharedFolderIsRefused() throws Exception {
        Files.createDirectories(outside.resolve("7"));
        Files.writeString(outside.resolve("7/keep.txt"), "mine");
        Files.createDirectories(shared.resolve("results"));
        Files.createSymbolicLink(shared.resolve("results/p"), outside);
        assertFalse(folders.delete(7, "results/p/7"));
        assertTrue(Files.exists(outside.resolve("7/keep.txt")));
    }

    @Test
    void aLinkInsideTheResultFolderGoesItselfButNotWhatItPointsAt() throws Exception {
        Path folder = Files.createDirectories(shared.resolve("results/p/8/result"));
        Files.writeString(folder.resolve("out.txt"), "x");
        Files.createSymbolicLink(folder.resolve("escape"), outside);
        Files.createSymbolicLink(folder.resolve("file-escape"), outside.resolve("keep.txt"));
        assertTrue(folders.delete(8, "results/p/8"));
        assertFalse(Files.exists(shared.resolve("results/p/8")));
        assertTrue(Files.exists(outside.resolve("keep.txt")), "the link went, not its target");
    }

    @Test
    void refusesPathsThatAreNotAResultFolder() throws Exception {
        Path data = Files.createDirectories(shared.resolve("data/p/9"));
        Files.writeString(data.resolve("in.csv"), "1");
        assertFalse(folders.delete(9, "data/p/9"));
        assertFalse(folders.delete(9, "results"));
        assertFalse(folders.delete(9, "results/p/../../data/p/9"));
        assertFalse(folders.delete(9, "../precious"));
        assertFalse(folders.delete(9, outside.toString()));
        assertTrue(Files.exists(data.resolve("in.csv")));
        assertTrue(Files.exists(outside.resolve("keep.txt")));
    }
}

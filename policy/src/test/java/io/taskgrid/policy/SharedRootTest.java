package io.taskgrid.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedRootTest {
    @TempDir
    Path temp;

    private SharedRoot shared() throws Exception {
        Path root = Files.createDirectories(temp.resolve("shared"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/in.csv"), "1,2\n");
        return new SharedRoot(root);
    }

    @Test
    void resolvesARelativePathInsideTheRoot() throws Exception {
        SharedRoot shared = shared();
        Path p = shared.resolve("data/in.csv", "data");
        assertEquals(shared.root().resolve("data/in.csv"), p);
    }

    @Test
    void refusesDotDotThatLeavesTheRoot() throws Exception {
        SharedRoot shared = shared();
        var e = assertThrows(PathOutsideSharedRootException.class, () -> shared.resolve("data/../../etc/passwd", "data"));
        assertTrue(e.getMessage().contains("leaves the shared folder"), e.getMessage());
    }

    @Test
    void refusesAnAbsolutePathOutsideTheRoot() throws Exception {
        SharedRoot shared = shared();
        var e = assertThrows(PathOutsideSharedRootException.class, () -> shared.resolve("/etc/passwd", "program"));
        assertTrue(e.getMessage().contains("outside the shared folder"), e.getMessage());
    }

    @Test
    void acceptsAnAbsolutePathInsideTheRoot() throws Exception {
        SharedRoot shared = shared();
        Path inside = shared.root().resolve("data/in.csv");
        assertEquals(inside, shared.resolve(inside.toString(), "data"));
    }

    @Test
    void refusesASymbolicLinkThatPointsOutside() throws Exception {
        SharedRoot shared = shared();
        Path outside = Files.writeString(temp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(shared.root().resolve("data/link.txt"), outside);
        var e = assertThrows(PathOutsideSharedRootException.class, () -> shared.resolve("data/link.txt", "data"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void refusesTheRootItselfAndEmptyPaths() throws Exception {
        SharedRoot shared = shared();
        assertThrows(PathOutsideSharedRootException.class, () -> shared.resolve("", "data"));
        assertThrows(PathOutsideSharedRootException.class, () -> shared.resolve("data/..", "data"));
    }

    @Test
    void relativizesOnlyPathsInside() throws Exception {
        SharedRoot shared = shared();
        assertEquals("data/in.csv", shared.relativize(shared.root().resolve("data/in.csv")).orElseThrow());
        assertTrue(shared.relativize(temp).isEmpty());
    }
}

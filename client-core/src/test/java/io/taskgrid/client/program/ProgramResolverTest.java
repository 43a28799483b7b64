package io.taskgrid.client.program;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.client.InputRefusedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgramResolverTest {
    @TempDir
    Path temp;
    Path shared;
    Path home;
    ProgramResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        shared = Files.createDirectories(temp.resolve("shared"));
        home = Files.createDirectories(temp.resolve("home"));
        resolver = new ProgramResolver(home, shared.toString());
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void aFileOffTheSharedFolderIsSentInline() throws IOException {
        write(home.resolve("hello.py"), "print('hi')\n");

        ProgramSource source = resolver.program("hello.py");

        assertTrue(source.isInline());
        assertEquals("hello.py", source.fileName());
        assertArrayEquals("print('hi')\n".getBytes(), source.inlineContent());
    }

    @Test
    void aFileUnderTheSharedFolderRunsInPlaceEvenThroughALink() throws IOException {
        Path program = write(shared.resolve("jobs/analyse.py"), "print(1)\n");
        Files.createSymbolicLink(home.resolve("link.py"), program);

        assertEquals(ProgramSource.shared("jobs/analyse.py"), resolver.program(program.toString()));
        assertEquals(new ProgramFile.Shared("jobs/analyse.py"), resolver.locate("link.py"));
    }

    @Test
    void aRelativePathThatIsNotHereIsASharedPath() {
        assertEquals(new ProgramFile.Shared("jobs/elsewhere.py"), resolver.locate("jobs/./elsewhere.py"));
    }

    @Test
    void anAbsolutePathUnderTheSharedRootIsASharedPathEvenWhenTheFolderIsNotHere() {
        ProgramResolver remote = new ProgramResolver(home, "/srv/not-mounted-here");

        assertEquals(new ProgramFile.Shared("jobs/run.sh"), remote.locate("/srv/not-mounted-here/jobs/run.sh"));
    }

    @Test
    void anAbsolutePathThatIsNowhereIsRefused() {
        String missing = temp.resolve("nowhere/missing.py").toString();

        InputRefusedException e = assertThrows(InputRefusedException.class, () -> resolver.locate(missing));

        assertEquals("No program file " + missing + " here; give a file on this machine or a path under the shared folder "
                + shared + ".", e.getMessage());
    }

    @Test
    void aFolderIsNotAProgram() {
        InputRefusedException e = assertThrows(InputRefusedException.class, () -> resolver.locate("."));
        assertEquals(". is a folder; give a program file.", e.getMessage());
    }

    @Test
    void aProgramOver10MegabytesIsRefusedBeforeItIsRead() throws IOException {
        Path big = home.resolve("big.py");
        Files.write(big, new byte[(int) ProgramResolver.MAX_INLINE_BYTES + 1]);

        InputRefusedException e = assertThrows(InputRefusedException.class, () -> resolver.locate("big.py"));

        assertTrue(e.getMessage().startsWith("big.py is 10.0 MB; a program sent from this machine may be at most 10 MB."),
                e.getMessage());
    }

    @Test
    void locatingDoesNotReadTheFile() throws IOException {
        Path program = write(home.resolve("job.py"), "print(1)\n");

        ProgramFile file = resolver.locate("job.py");
        Files.delete(program);

        assertInstanceOf(ProgramFile.Local.class, file);
        InputRefusedException e = assertThrows(InputRefusedException.class, () -> resolver.source(file));
        assertTrue(e.getMessage().startsWith("Cannot read job.py"), e.getMessage());
    }

    @Test
    void dataOnTheSharedFolderIsRelativeToIt() throws IOException {
        Path data = write(shared.resolve("data/input.csv"), "a,b\n");

        assertEquals("data/input.csv", resolver.dataPath(data.toString()));
        assertNull(resolver.dataPath(null));
        assertNull(resolver.dataPath("  "));
    }

    @Test
    void dataOnThisMachineOffTheSharedFolderIsRefusedAlsoThroughALink() throws IOException {
        Path outside = write(home.resolve("input.csv"), "a,b\n");
        Files.createSymbolicLink(shared.resolve("escape.csv"), outside);

        for (String given : new String[] {"input.csv", shared.resolve("escape.csv").toString(), shared.toString()}) {
            InputRefusedException e = assertThrows(InputRefusedException.class, () -> resolver.dataPath(given), given);
            assertEquals("Data must be on the shared folder " + shared + "; copy it there.", e.getMessage());
        }
    }

    @Test
    void dataThatIsNotHereIsAPathOnTheSharedFolder() {
        assertEquals("data/remote.csv", resolver.dataPath("data/remote.csv"));
        assertEquals("data/remote.csv", new ProgramResolver(home, "/srv/elsewhere").dataPath("/srv/elsewhere/data/remote.csv"));
    }

    @Test
    void dataThatWouldLeaveTheSharedFolderIsRefused() {
        InputRefusedException up = assertThrows(InputRefusedException.class, () -> resolver.dataPath("../../etc/passwd"));
        assertTrue(up.getMessage().startsWith("The data path must not leave the shared folder"), up.getMessage());

        InputRefusedException absolute = assertThrows(InputRefusedException.class, () -> resolver.dataPath("/etc/nothing-here"));
        assertTrue(absolute.getMessage().startsWith("The data path must lie inside the shared folder " + shared),
                absolute.getMessage());
    }

    @Test
    void aNameTheJvmCouldNotDecodeIsRefusedWithTheWayOut() {
        // caf\xe9.py (Latin-1) reaches Java as "caf\uFFFD.py" under a UTF-8 locale: no file has that name.
        InputRefusedException program = assertThrows(InputRefusedException.class, () -> resolver.locate("caf\uFFFD.py"));
        InputRefusedException data = assertThrows(InputRefusedException.class, () -> resolver.dataPath("in/caf\uFFFD.csv"));

        for (InputRefusedException e : List.of(program, data)) {
            assertTrue(e.getMessage().contains("'") && e.getMessage().contains("?"), e.getMessage());
            assertFalse(e.getMessage().contains("\uFFFD"), "no replacement character printed: " + e.getMessage());
            assertFalse(e.getMessage().contains("Malformed"), "no Java exception text: " + e.getMessage());
        }
        assertTrue(program.getMessage().startsWith("The program file name 'caf?.py' "), program.getMessage());
        assertTrue(data.getMessage().startsWith("The data file name 'in/caf?.csv' "), data.getMessage());
    }

    @Test
    void aFileReallyNamedWithTheReplacementCharacterIsTaken() throws IOException {
        Path odd = write(home.resolve("odd\uFFFD.py"), "print(1)\n");

        assertEquals(new ProgramFile.Local(odd.toRealPath(), "odd\uFFFD.py"), resolver.locate("odd\uFFFD.py"));
    }
}

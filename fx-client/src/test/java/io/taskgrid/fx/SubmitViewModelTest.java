package io.taskgrid.fx;

import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubmitViewModelTest {
    @TempDir
    Path dir;
    private final FakeGateway controller = new FakeGateway();
    private final List<TaskRecord> accepted = new ArrayList<>();

    private SubmitViewModel model(String sharedRoot) {
        return new SubmitViewModel(() -> controller, new Background(Runnable::run, Runnable::run), sharedRoot, dir);
    }

    @Test
    void aMissingProgramIsAnErrorNextToTheProgram() {
        SubmitViewModel m = model(null);
        m.submit(accepted::add);
        assertTrue(m.programErrorProperty().get().startsWith("Choose a program file"));
        assertTrue(controller.submitted.isEmpty());
        String missing = dir.resolve("nope.py").toString();
        m.programFileProperty().set(missing);
        assertFalse(m.validate());
        assertTrue(m.programErrorProperty().get().startsWith("No program file " + missing + " here"),
                m.programErrorProperty().get());
    }

    @Test
    void aRelativePathThatIsNotHereNamesAProgramOnTheSharedFolderAsInTheConsole() {
        SubmitViewModel m = model("/srv/not-mounted-here");
        m.programFileProperty().set("jobs/./run.py");
        m.submit(accepted::add);
        assertEquals("jobs/run.py", controller.submitted.get(0).program().sharedPath());
    }

    @Test
    void badFieldsGetTheirOwnSentences() throws Exception {
        SubmitViewModel m = model(null);
        m.programFileProperty().set(Files.writeString(dir.resolve("a.py"), "print(1)").toString());
        m.projectProperty().set("my project");
        m.emailProperty().set("nobody");
        m.timeoutProperty().set("soon");
        m.dataPathProperty().set("../etc/passwd");
        m.argumentsProperty().set("\"open");
        assertFalse(m.validate());
        assertTrue(m.projectErrorProperty().get().contains("letters, digits"));
        assertTrue(m.emailErrorProperty().get().contains("not an e-mail address"));
        assertTrue(m.timeoutErrorProperty().get().contains("not a duration"));
        assertTrue(m.dataErrorProperty().get().contains("must not leave the shared folder"));
        assertTrue(m.argumentsErrorProperty().get().contains("not closed"));
        assertEquals("", m.programErrorProperty().get());

        m.requiresProperty().set("gpu !gpu");
        assertFalse(m.validate());
        assertEquals("The requirements ask for the label gpu and for its absence (!gpu); keep one of them.",
                m.requiresErrorProperty().get());
    }

    @Test
    void requiredLabelsAreSentAsTheConsoleSendsThem() throws Exception {
        SubmitViewModel m = model(null);
        m.programFileProperty().set(Files.writeString(dir.resolve("train.py"), "print(1)").toString());
        m.requiresProperty().set(" gpu, !big-mem  fast-disk ");
        m.submit(accepted::add);
        assertEquals(List.of("fast-disk", "gpu", "!big-mem"), controller.submitted.get(0).requires());
    }

    @Test
    void theCpusAndMemoryAskedForAreSentAsTheConsoleSendsThem() throws Exception {
        SubmitViewModel m = model(null);
        m.programFileProperty().set(Files.writeString(dir.resolve("sim.py"), "print(1)").toString());
        m.cpusProperty().set(" 4 ");
        m.memoryProperty().set("1.5G");
        m.submit(accepted::add);
        assertEquals(new Resources(4, 3L << 29), controller.submitted.get(0).resources());
    }

    @Test
    void nothingChangedAsksForOneCpuAndNoMemory() throws Exception {
        SubmitViewModel m = model(null);
        m.programFileProperty().set(Files.writeString(dir.resolve("one.py"), "print(1)").toString());
        m.submit(accepted::add);
        assertEquals(Resources.DEFAULT, controller.submitted.get(0).resources());
    }

    @Test
    void aBadMemoryOrCpuCountIsASentenceNextToItsFieldAndNothingIsSent() throws Exception {
        SubmitViewModel m = model(null);
        m.programFileProperty().set(Files.writeString(dir.resolve("big.py"), "print(1)").toString());
        m.memoryProperty().set("lots");
        m.cpusProperty().set("0");
        m.submit(accepted::add);
        assertTrue(controller.submitted.isEmpty());
        assertEquals("'lots' is not a size; give a number and a unit such as 512M, 2G or 1.5G (K, M, G, T).",
                m.memoryErrorProperty().get());
        assertEquals("A task asks for 1 to 4096 CPUs, not 0; give a whole number such as 4.", m.cpusErrorProperty().get());

        m.cpusProperty().set("two");
        m.memoryProperty().set("100K");
        assertFalse(m.validate());
        assertEquals("A task asks for 1 to 4096 CPUs, not two; give a whole number such as 4.", m.cpusErrorProperty().get());
        assertTrue(m.memoryErrorProperty().get().startsWith("A memory request is between 1M and 64T"), m.memoryErrorProperty().get());

        m.cpusProperty().set("2");
        m.memoryProperty().set("256M");
        assertTrue(m.validate());
        assertEquals("", m.cpusErrorProperty().get());
        assertEquals("", m.memoryErrorProperty().get(), "a fixed field loses its error");
    }

    @Test
    void aLocalFileIsSentInlineWithTheFields() throws Exception {
        SubmitViewModel m = model(null);
        m.programFileProperty().set(Files.writeString(dir.resolve("job.py"), "print(1)").toString());
        m.argumentsProperty().set("200 \"two words\" 'x'");
        m.projectProperty().set("climate");
        m.emailProperty().set("me@example.org");
        m.timeoutProperty().set("5m");
        m.submit(accepted::add);
        assertEquals(1, accepted.size());
        var spec = controller.submitted.get(0);
        assertTrue(spec.program().isInline());
        assertEquals("job.py", spec.program().fileName());
        assertEquals(List.of("200", "two words", "x"), spec.arguments());
        assertEquals("climate", spec.project());
        assertEquals("me@example.org", spec.email());
        assertEquals(Duration.ofMinutes(5), spec.timeout());
        assertNull(spec.dataPath());
    }

    @Test
    void aFileOnTheSharedFolderIsSentByItsPathAndDataIsRelative() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.createDirectories(shared.resolve("in"));
        Path program = Files.writeString(shared.resolve("in/run.sh"), "#!/bin/sh\necho hi\n");
        Path data = Files.writeString(shared.resolve("in/data.csv"), "1,2");
        SubmitViewModel m = model(shared.toString());
        m.programFileProperty().set(program.toString());
        m.chooseData(data);
        assertEquals("in/data.csv", m.dataPathProperty().get());
        m.submit(accepted::add);
        assertEquals("in/run.sh", controller.submitted.get(0).program().sharedPath());
        assertEquals("in/data.csv", controller.submitted.get(0).dataPath());
    }

    @Test
    void theEditorNeedsANameThatTellsTheLanguage() {
        SubmitViewModel m = model(null);
        m.useEditorProperty().set(true);
        m.editorNameProperty().set("notes");
        m.editorTextProperty().set("print('x')");
        assertFalse(m.validate());
        assertTrue(m.programErrorProperty().get().contains("Cannot tell the language"));
        m.editorNameProperty().set("main.py");
        m.submit(accepted::add);
        assertEquals("main.py", controller.submitted.get(0).program().fileName());
    }

    @Test
    void argumentsSplitLikeAShell() {
        assertEquals(List.of("a", "b c", "", "d"), SubmitViewModel.splitArguments("a \"b c\" '' d"));
        assertThrows(IllegalArgumentException.class, () -> SubmitViewModel.splitArguments("'x"));
    }
}

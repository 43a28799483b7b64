package io.taskgrid.controller.dedup;

import io.taskgrid.api.task.DedupMode;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.controller.submission.SharedFile;
import io.taskgrid.policy.SharedRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FingerprintTest {
    @TempDir
    Path shared;

    /** A file of the shared folder as validation finds it: resolved and stat'ed now. */
    private SharedFile stated(String relative) throws Exception {
        Path path = new SharedRoot(shared).resolve(relative, "file");
        return new SharedFile(path, Files.readAttributes(path, BasicFileAttributes.class));
    }

    private String of(String data, DedupMode mode, String... args) throws Exception {
        return Fingerprint.of(TaskSpec.builder(ProgramSource.shared("p.py")).dataPath(data).arguments(List.of(args)).dedup(mode)
                .build(), stated("p.py"), data == null ? null : stated(data));
    }

    private void touch(Path file, long plusMillis) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + plusMillis));
    }

    @Test
    void sameFilesAndArgumentsGiveTheSameKeyAndAnyChangeAnother() throws Exception {
        Files.writeString(shared.resolve("p.py"), "print(1)\n");
        Path in = Files.writeString(shared.resolve("in.txt"), "abc");
        String key = of("in.txt", DedupMode.METADATA, "a", "b");
        assertEquals(key, of("in.txt", DedupMode.METADATA, "a", "b"));
        assertNotEquals(key, of("in.txt", DedupMode.METADATA, "a b"), "arguments are length-prefixed, not joined");
        assertNotEquals(key, of(null, DedupMode.METADATA, "a", "b"));
        assertNotEquals(key, of("in.txt", DedupMode.CONTENT, "a", "b"), "the mode is part of the key");
        String content = of("in.txt", DedupMode.CONTENT, "a", "b");
        touch(in, 5_000);
        assertNotEquals(key, of("in.txt", DedupMode.METADATA, "a", "b"), "a touched file");
        assertEquals(content, of("in.txt", DedupMode.CONTENT, "a", "b"), "content ignores times");
        Files.writeString(in, "abd");
        assertNotEquals(content, of("in.txt", DedupMode.CONTENT, "a", "b"));
    }

    @Test
    void aDataFolderCountsEveryFileInIt() throws Exception {
        Files.writeString(shared.resolve("p.py"), "print(1)\n");
        Path dir = Files.createDirectories(shared.resolve("set/sub"));
        Files.writeString(dir.resolve("x.csv"), "1");
        String key = of("set", DedupMode.METADATA);
        assertEquals(key, of("set", DedupMode.METADATA));
        Files.writeString(shared.resolve("set/y.csv"), "2");
        assertNotEquals(key, of("set", DedupMode.METADATA), "a file added to the folder");
    }

    @Test
    void anInlineProgramIsTakenByItsBytes() throws Exception {
        String a = Fingerprint.of(TaskSpec.builder(ProgramSource.inline("a.py", "print(1)\n".getBytes())).build(), null, null);
        assertEquals(a, Fingerprint.of(TaskSpec.builder(ProgramSource.inline("a.py", "print(1)\n".getBytes())).build(), null, null));
        assertNotEquals(a, Fingerprint.of(TaskSpec.builder(ProgramSource.inline("a.py", "print(2)\n".getBytes())).build(), null, null));
    }

    @Test
    void theFilesCountAsValidationFoundThemAndAreNotStatedAgain() throws Exception {
        Path program = Files.writeString(shared.resolve("p.py"), "print(1)\n");
        Path data = Files.writeString(shared.resolve("in.txt"), "abc");
        SharedFile statedProgram = stated("p.py");
        SharedFile statedData = stated("in.txt");
        TaskSpec spec = TaskSpec.builder(ProgramSource.shared("p.py")).dataPath("in.txt").arguments(List.of("a")).build();
        String key = Fingerprint.of(spec, statedProgram, statedData);
        assertEquals(program, statedProgram.path());

        touch(program, 5_000);
        touch(data, 5_000);
        assertNotEquals(key, Fingerprint.of(spec, stated("p.py"), stated("in.txt")), "stated anew, the touched files give another key");
        assertEquals(key, Fingerprint.of(spec, statedProgram, statedData), "what validation saw is what counts");
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of(spec, null, statedData),
                "a shared program is never fingerprinted without what validation found");
    }
}

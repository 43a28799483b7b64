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

class FingerprintTest {
    @TempDir
    Path shared;

    private String of(String data, DedupMode mode, String... args) throws Exception {
        return new Fingerprint(new SharedRoot(shared)).of(TaskSpec.builder(ProgramSource.shared("p.py")).dataPath(data)
                .arguments(List.of(args)).dedup(mode).build());
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
        Fingerprint f = new Fingerprint(new SharedRoot(shared));
        String a = f.of(TaskSpec.builder(ProgramSource.inline("a.py", "print(1)\n".getBytes())).build());
        assertEquals(a, f.of(TaskSpec.builder(ProgramSource.inline("a.py", "print(1)\n".getBytes())).build()));
        assertNotEquals(a, f.of(TaskSpec.builder(ProgramSource.inline("a.py", "print(2)\n".getBytes())).build()));
    }

    @Test
    void filesStatedByValidationGiveTheSameKeyWithoutBeingStatedAgain() throws Exception {
        Path program = Files.writeString(shared.resolve("p.py"), "print(1)\n");
        Path data = Files.writeString(shared.resolve("in.txt"), "abc");
        SharedFile statedProgram = new SharedFile(program, Files.readAttributes(program, BasicFileAttributes.class));
        SharedFile statedData = new SharedFile(data, Files.readAttributes(data, BasicFileAttributes.class));
        TaskSpec spec = TaskSpec.builder(ProgramSource.shared("p.py")).dataPath("in.txt").arguments(List.of("a")).build();
        Fingerprint f = new Fingerprint(new SharedRoot(shared));
        String resolvedHere = f.of(spec);
        assertEquals(resolvedHere, f.of(spec, statedProgram, statedData));

        touch(program, 5_000);
        touch(data, 5_000);
        assertNotEquals(resolvedHere, f.of(spec), "resolved here, the touched files give another key");
        assertEquals(resolvedHere, f.of(spec, statedProgram, statedData), "what validation saw is what counts");
    }
}

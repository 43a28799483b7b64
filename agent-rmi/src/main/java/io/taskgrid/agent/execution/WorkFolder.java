package io.taskgrid.agent.execution;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A task's work folder {@code tasks/<id>-<attempt>}, recycled instead of created and deleted for every task:
 * on this kind of file system (ext4) creating and removing a directory or a file costs 0.1–0.9 ms each, a rename
 * about 0.02 ms. After a task, its folder is emptied but for the staged program and renamed to the slot's idle
 * folder {@code tasks/.idle-<slot>}; the slot's next task renames it back under its own name, removes what is
 * not its program, and rewrites the program only when its bytes differ (a program run many times is written once).
 */
final class WorkFolder {
    static final String IDLE_PREFIX = ".idle-";

    private WorkFolder() {
    }

    /** The idle folder of the slot running on this thread (slot threads are named uniquely by their pool). */
    static Path idleOf(Path tasksDir, String slotName) {
        return tasksDir.resolve(IDLE_PREFIX + io.taskgrid.api.task.ResultFolders.NOT_IN_A_FOLDER_NAME.matcher(slotName).replaceAll("_"));
    }

    /**
     * Makes {@code work} an existing folder that holds at most {@code keep} (the file about to be staged, kept
     * only when the slot's previous task staged the same name): the idle folder renamed, or a new folder.
     */
    static void open(Path work, Path idle, String keep) throws IOException {
        ResultStore.deleteTree(work); // leftovers of the same attempt (a crash); one lstat when there are none
        try {
            Files.move(idle, work);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            Files.createDirectories(work);
            return;
        }
        try (Stream<Path> entries = Files.list(work)) {
            for (Path entry : entries.toList()) {
                // Not followed: a program file the last task replaced by a link must not be kept (and written through).
                if (!entry.getFileName().toString().equals(keep) || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    ResultStore.deleteTree(entry);
                }
            }
        }
    }

    /**
     * After the results were copied out: empties {@code work} but for {@code program} and parks it as the idle
     * folder; deletes it when that fails.
     */
    static void close(Path work, Path idle, Optional<Path> program) throws IOException {
        try {
            try (Stream<Path> entries = Files.list(work)) {
                List<Path> all = entries.toList();
                for (Path entry : all) {
                    if (program.isEmpty() || !entry.equals(program.get())) {
                        ResultStore.deleteTree(entry);
                    }
                }
            }
            Files.move(work, idle);
        } catch (IOException e) {
            ResultStore.deleteTree(work);
            if (!(e instanceof FileAlreadyExistsException)) {
                throw e;
            }
        }
    }

    /** Writes {@code bytes} to {@code target} unless it already holds exactly them; true when it wrote. */
    static boolean writeIfChanged(Path target, byte[] bytes) throws IOException {
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == bytes.length
                && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
            return false;
        }
        // A new file (O_EXCL), never the old one truncated: the last task may have made it a hard link to another file.
        ResultStore.deleteTree(target);
        Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
    }

    /**
     * Copies {@code source}, of {@code sourceSize} bytes, to {@code target} unless it already holds the same bytes;
     * true when it copied. One stat of the target (the caller stat'ed the source already), then the bytes compared.
     */
    static boolean copyIfChanged(Path source, long sourceSize, Path target) throws IOException {
        BasicFileAttributes held;
        try {
            held = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            held = null; // the slot's first task, or another program than its last one
        }
        if (held != null && held.isRegularFile() && held.size() == sourceSize && Files.mismatch(source, target) == -1) {
            return false;
        }
        Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }
}

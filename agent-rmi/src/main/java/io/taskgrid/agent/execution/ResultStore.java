package io.taskgrid.agent.execution;

import io.taskgrid.policy.PathOutsideSharedRootException;
import io.taskgrid.api.task.ResultFolders;
import io.taskgrid.policy.SharedRoot;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a task's result folder {@code results/<project>/<taskId>/} on the shared root: stdout.txt,
 * stderr.txt, exit_code, execution.log and every file the program wrote in its work folder.
 */
final class ResultStore {
    static final String STDOUT = "stdout.txt";
    static final String STDERR = "stderr.txt";
    static final String EXIT_CODE = "exit_code";
    static final String LOG = "execution.log";
    private static final Set<String> SKIPPED_FOLDERS = Set.of("__pycache__");
    /** Result folders are 0750, as with a umask of 027: the agent's account and group read them, nobody else. */
    static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwxr-x---");
    /** Result files are 0640; a file the program left executable is 0750. */
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");
    private static final Set<PosixFilePermission> EXECUTABLE_MODE = PosixFilePermissions.fromString("rwxr-x---");
    private static final FileAttribute<Set<PosixFilePermission>> FOLDER = PosixFilePermissions.asFileAttribute(FOLDER_MODE);
    private static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(FILE_MODE);
    private static final Set<OpenOption> NEW_FILE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final Set<OpenOption> STREAM_FILE = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);

    private final SharedRoot sharedRoot;

    ResultStore(SharedRoot sharedRoot) {
        this.sharedRoot = sharedRoot;
    }

    /** The result folder, relative to the shared root, with '/' separators. */
    static String relativeFolder(String project, long taskId) {
        return ResultFolders.of(project, taskId);
    }

    private static String projectFolder(String project) {
        return ResultFolders.projectFolder(project);
    }

    /**
     * Creates the task's result folder, empty (an earlier attempt's leftovers are removed), so that the program's
     * stdout and stderr can be written straight into it while it runs: on this kind of file system, moving them out
     * of the work folder afterwards cost two renames and as many checks per task.
     *
     * @return the result folder (absolute)
     */
    Path open(String project, long taskId) throws IOException, PathOutsideSharedRootException {
        // The project's folder is resolved (it exists after its first task, so checking it costs no exception) and
        // the task's number appended: making a folder never follows a link, and a link left in its place is
        // deleted below, so nothing is ever written outside the shared folder through it.
        Path target = sharedRoot.resolve(projectFolder(project), "result folder").resolve(Long.toString(taskId));
        try {
            Files.createDirectory(target, FOLDER);
        } catch (FileAlreadyExistsException e) {
            deleteTree(target); // an earlier attempt's leftovers
            Files.createDirectory(target, FOLDER);
        } catch (NoSuchFileException e) {
            Files.createDirectories(target, FOLDER); // the project's first result
        }
        return target;
    }

    /**
     * Completes the result folder: the program's streams (moved out of the work folder unless they were written into
     * {@code opened} already; empty when nothing wrote them), the exit code, every file the program wrote in its work
     * folder and the execution log.
     *
     * @param opened  the folder {@link #open} made for this run, or {@code null} to make it now
     * @param skipped work-folder entries that are not results (the staged program and data)
     * @return the result folder relative to the shared root
     */
    String store(String project, long taskId, Path opened, Path work, Set<Path> skipped, String exitCode, String log)
            throws IOException, PathOutsideSharedRootException {
        Path target = opened != null ? opened : open(project, taskId);
        for (String stream : new String[]{STDOUT, STDERR}) {
            Path file = target.resolve(stream);
            if (opened == null) {
                try {
                    Files.move(work.resolve(stream), file); // the checker's report, for one (a link moves as a link)
                } catch (NoSuchFileException e) {
                    Files.createFile(file, FILE);
                }
            } else if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                // Asked, not tried: a createFile failing on the file the run wrote would cost an exception every task.
                Files.createFile(file, FILE); // the program never ran, or only its check did (O_EXCL: never through a link)
            }
        }
        writeFresh(target.resolve(EXIT_CODE), exitCode + "\n");
        copyWritten(work, target, skipped);
        List<String> dropped = dropLinksOutside(target);
        writeFresh(target.resolve(LOG), dropped.isEmpty() ? log : log + String.join("\n", dropped) + "\n");
        return relativeFolder(project, taskId);
    }

    /**
     * Writes {@code text} to a new file {@code file}: whatever a task left there (a link to a file outside, a hard
     * link, a folder) is deleted first, and the file is created with O_EXCL, which never follows a link.
     */
    private static void writeFresh(Path file, String text) throws IOException {
        deleteTree(file);
        try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, NEW_FILE, FILE))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Opens a program's stdout or stderr file for writing, created 0640 or emptied, never through a link (O_NOFOLLOW):
     * the syntax check ran before and might have left one there.
     */
    static OutputStream openStreamFile(Path file) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(file, STREAM_FILE, FILE));
    }

    /**
     * Deletes every symbolic link in the result folder that leads outside it (as the kernel resolves it, or as its
     * text reads when it leads nowhere), so that nobody reading the results follows one to a file the task could not
     * copy itself; links within the folder stay. Returns one line for the execution log per link dropped.
     */
    static List<String> dropLinksOutside(Path folder) throws IOException {
        Path real = folder.toRealPath();
        List<String> dropped = new ArrayList<>();
        List<Path> links;
        try (Stream<Path> all = Files.walk(folder)) {
            links = all.filter(Files::isSymbolicLink).toList();
        }
        for (Path link : links) {
            Path points = Files.readSymbolicLink(link);
            boolean inside;
            try {
                inside = link.toRealPath().startsWith(real);
            } catch (IOException dangling) {
                inside = link.getParent().resolve(points).normalize().startsWith(folder.normalize());
            }
            if (!inside) {
                Files.deleteIfExists(link);
                dropped.add("dropped link " + folder.relativize(link) + " -> " + points + ": it points outside the task's folder");
            }
        }
        return dropped;
    }

    private static void copyWritten(Path work, Path target, Set<Path> skipped) throws IOException {
        Files.walkFileTree(work, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(work)) {
                    return FileVisitResult.CONTINUE;
                }
                if (skipped.contains(dir) || SKIPPED_FOLDERS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path to = target.resolve(work.relativize(dir).toString());
                if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(to); // a link (or file) a task planted in its result folder: never copy through it
                    Files.createDirectory(to, FOLDER);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (skipped.contains(file)) {
                    return FileVisitResult.CONTINUE;
                }
                Path to = target.resolve(work.relativize(file).toString());
                if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                    return FileVisitResult.CONTINUE; // never overwrite stdout.txt, exit_code … with a program's file
                }
                // Not COPY_ATTRIBUTES: a copy made by root would keep the run-as account as its owner.
                Files.copy(file, to, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isRegularFile()) {
                    Files.setPosixFilePermissions(to, Files.isExecutable(file) ? EXECUTABLE_MODE : FILE_MODE);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Deletes {@code root} and everything under it, without following links; nothing when it does not exist. Asked
     * through {@link File} first: a task's new work folder does not exist yet, and JDK 17's {@code Files.exists} of a
     * missing path builds and throws an exception inside (about 2 % of an agent's CPU per task).
     */
    static void deleteTree(Path root) throws IOException {
        File file = root.toFile();
        if (file.delete() || !file.exists()) {
            return; // deleted (a file, a link or an empty folder), or missing: a dangling link would have been deleted
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

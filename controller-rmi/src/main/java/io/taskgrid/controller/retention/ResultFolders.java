package io.taskgrid.controller.retention;

import io.taskgrid.policy.PathOutsideSharedRootException;
import io.taskgrid.policy.SharedRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes the result folders of deleted tasks on the shared folder, and nothing else: the path must be one of
 * {@code results/<project>/<id>}, resolved through {@link SharedRoot} (no absolute path, no {@code ..}, no symbolic
 * link on the way that leads out of the shared folder), and the walk never follows a link: a link inside the folder is
 * removed itself, never what it points at.
 */
final class ResultFolders {
    private static final Logger LOG = LoggerFactory.getLogger(ResultFolders.class);

    private final SharedRoot root;

    ResultFolders(SharedRoot root) {
        this.root = root;
    }

    /** Deletes the folder of {@code resultPath}; true when it was there and went, false when refused or missing. */
    boolean delete(long taskId, String resultPath) {
        Path folder;
        try {
            folder = root.resolve(resultPath, "result");
        } catch (PathOutsideSharedRootException e) {
            LOG.warn("Result folder of task {} not deleted: {}", taskId, e.getMessage());
            return false;
        }
        Path relative = root.root().relativize(folder);
        if (relative.getNameCount() < 3 || !relative.getName(0).toString().equals("results")) {
            LOG.warn("Result folder of task {} not deleted: {} is not a folder of results/<project>/<id> in {}",
                    taskId, resultPath, root.root());
            return false;
        }
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file); // a link is a file here: the link goes, not its target
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failed) throws IOException {
                    if (failed != null) {
                        throw failed;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            LOG.warn("Result folder {} of task {} only partly deleted: {}; delete the rest by hand.", folder, taskId, e.toString());
            return false;
        }
    }
}

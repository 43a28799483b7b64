package io.taskgrid.fx;

import io.taskgrid.client.program.ProgramResolver;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The controller's shared folder as this machine sees it.
 *
 * @param root  its absolute path on the controller's host, as the controller announced it ("" when unknown)
 * @param local where it is mounted on this machine (the same path, when it is a folder here), or {@code null}
 */
record SharedFolder(String root, Path local) {
    SharedFolder {
        root = root == null ? "" : root;
    }

    /** Looks whether {@code root} is a folder on this machine; it touches the disk, so not on the FX thread. */
    static SharedFolder of(String root) {
        return new SharedFolder(root, new ProgramResolver(Path.of(""), root).localSharedRoot().orElse(null));
    }

    static SharedFolder unknown() {
        return new SharedFolder("", null);
    }

    /** A path relative to the shared folder as an absolute one: where it is mounted here, else on the controller's host. */
    String absolute(String relative) {
        if (relative == null || relative.isBlank()) {
            return "";
        }
        if (local != null) {
            return local.resolve(relative).normalize().toString();
        }
        return root.isEmpty() ? relative : (root.endsWith("/") ? root : root + "/") + relative;
    }

    /** The file or folder at {@code relative} on this machine, if the shared folder is mounted and the path stays in it. */
    Optional<Path> here(String relative) {
        if (local == null || relative == null || relative.isBlank()) {
            return Optional.empty();
        }
        try {
            Path p = local.resolve(relative).normalize();
            return p.startsWith(local) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The folder at {@code relative} when it exists here; touches the disk. */
    Optional<Path> folderHere(String relative) {
        return here(relative).filter(Files::isDirectory);
    }

    /** Why a folder of the shared folder cannot be opened here, in a sentence. */
    String whyNotHere(String relative) {
        if (relative == null || relative.isBlank()) {
            return "The task has no result folder yet.";
        }
        if (local == null) {
            return "The shared folder " + (root.isEmpty() ? "" : root + " ") + "is not mounted on this machine.";
        }
        return "The result folder is not there yet: the task has not written its results.";
    }
}

package io.taskgrid.controller.dedup;

import io.taskgrid.api.task.DedupMode;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.controller.submission.SharedFile;
import io.taskgrid.policy.PathOutsideSharedRootException;
import io.taskgrid.policy.SharedRoot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fingerprint of what a task computes: its program, its data and its arguments, as one SHA-256 key.
 * {@link DedupMode#METADATA} takes each file's path, size and modification time (a stat, no reading);
 * {@link DedupMode#CONTENT} takes each file's SHA-256 digest instead, for shared folders whose times cannot be
 * trusted. An inline program is always taken by the digest of its bytes. The mode is part of the key, so the
 * two kinds never match each other.
 */
final class Fingerprint {
    private static final int BUFFER = 64 * 1024;

    private final SharedRoot sharedRoot;

    Fingerprint(SharedRoot sharedRoot) {
        this.sharedRoot = sharedRoot;
    }

    /**
     * @throws IOException                     when a file cannot be read or stat'ed (it changed since validation)
     * @throws PathOutsideSharedRootException when a path escapes the shared folder
     */
    String of(TaskSpec spec) throws IOException, PathOutsideSharedRootException {
        return of(spec, null, null);
    }

    /**
     * The same key, from the program and data as validation found them (resolved and stat'ed a moment ago), so
     * that they are not resolved and stat'ed again; a {@code null} one is resolved here.
     */
    String of(TaskSpec spec, SharedFile sharedProgram, SharedFile sharedData) throws IOException, PathOutsideSharedRootException {
        MessageDigest key = sha256();
        DedupMode mode = spec.dedup();
        field(key, "taskgrid-fingerprint-1 " + mode.name());
        ProgramSource program = spec.program();
        if (program.isInline()) {
            field(key, "inline " + program.fileName());
            field(key, hex(sha256().digest(program.inlineContent())));
        } else {
            SharedFile file = sharedProgram != null ? sharedProgram : stat(program.sharedPath(), "program");
            field(key, "program " + (mode == DedupMode.CONTENT ? program.fileName() : program.sharedPath()));
            file(key, file.path(), file.attributes(), mode);
        }
        if (spec.dataPath() == null) {
            field(key, "no data");
        } else {
            SharedFile stated = sharedData != null ? sharedData : stat(spec.dataPath(), "data");
            Path data = stated.path();
            field(key, "data " + (mode == DedupMode.CONTENT ? "" : spec.dataPath()));
            if (stated.attributes().isDirectory()) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(data)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                field(key, "folder " + files.size());
                for (Path f : files) {
                    field(key, data.relativize(f).toString().replace('\\', '/'));
                    file(key, f, null, mode);
                }
            } else {
                file(key, data, stated.attributes(), mode);
            }
        }
        List<String> arguments = spec.arguments();
        field(key, "arguments " + arguments.size());
        arguments.forEach(a -> field(key, a));
        return hex(key.digest());
    }

    private SharedFile stat(String relative, String what) throws IOException, PathOutsideSharedRootException {
        Path path = sharedRoot.resolve(relative, what);
        return new SharedFile(path, Files.readAttributes(path, BasicFileAttributes.class));
    }

    /** @param attributes the file's, when already stat'ed; {@code null} to stat it here */
    private static void file(MessageDigest key, Path file, BasicFileAttributes attributes, DedupMode mode) throws IOException {
        if (mode == DedupMode.CONTENT) {
            MessageDigest content = sha256();
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    content.update(buffer, 0, n);
                }
            }
            field(key, "sha256 " + hex(content.digest()));
        } else {
            BasicFileAttributes a = attributes != null ? attributes : Files.readAttributes(file, BasicFileAttributes.class);
            field(key, "size " + a.size() + " modified " + a.lastModifiedTime().toInstant());
        }
    }

    /** Length-prefixed, so that no two different lists of fields give the same bytes. */
    private static void field(MessageDigest key, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        key.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        key.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256, which every Java 17 must have.", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

package io.taskgrid.controller.dedup;

import io.taskgrid.api.task.DedupMode;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.controller.submission.SharedFile;

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

    private Fingerprint() {
    }

    /**
     * The key of {@code spec}, from its shared program and data as validation found them (resolved inside the shared
     * folder and stat'ed a moment ago): they are not resolved and stat'ed a second time.
     *
     * @param program the shared program's {@link SharedFile}; {@code null} for an inline program
     * @param data    the data's {@link SharedFile}; {@code null} when the task has none
     * @throws IOException when a file cannot be read (CONTENT mode) or a data folder cannot be walked
     */
    static String of(TaskSpec spec, SharedFile program, SharedFile data) throws IOException {
        if (!spec.program().isInline() && program == null || spec.dataPath() != null && data == null) {
            throw new IllegalArgumentException("A shared program and data are fingerprinted as validation found them.");
        }
        MessageDigest key = sha256();
        DedupMode mode = spec.dedup();
        field(key, "taskgrid-fingerprint-1 " + mode.name());
        ProgramSource source = spec.program();
        if (source.isInline()) {
            field(key, "inline " + source.fileName());
            field(key, hex(sha256().digest(source.inlineContent())));
        } else {
            field(key, "program " + (mode == DedupMode.CONTENT ? source.fileName() : source.sharedPath()));
            file(key, program.path(), program.attributes(), mode);
        }
        if (spec.dataPath() == null) {
            field(key, "no data");
        } else {
            Path location = data.path();
            field(key, "data " + (mode == DedupMode.CONTENT ? "" : spec.dataPath()));
            if (data.attributes().isDirectory()) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(location)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                field(key, "folder " + files.size());
                for (Path f : files) {
                    field(key, location.relativize(f).toString().replace('\\', '/'));
                    file(key, f, null, mode);
                }
            } else {
                file(key, location, data.attributes(), mode);
            }
        }
        List<String> arguments = spec.arguments();
        field(key, "arguments " + arguments.size());
        arguments.forEach(a -> field(key, a));
        if (!spec.environment().isEmpty()) { // none: the fingerprint of a task submitted before --env existed
            field(key, "environment " + spec.environment().size());
            new java.util.TreeMap<>(spec.environment()).forEach((name, value) -> field(key, name + "=" + value));
        }
        return hex(key.digest());
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

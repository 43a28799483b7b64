package io.taskgrid.policy.users;

import io.taskgrid.policy.DataFolders;
import io.taskgrid.policy.LoopbackNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * What lets the owner of a {@code taskgrid local} in, and no other user of the machine: a random secret in a file
 * only the owner can read ({@code ~/.local/share/taskgrid/owner/PORT}, 0600 in a 0700 folder), made anew at every
 * start and removed at the stop. The owner's consoles, windows and agents on this machine read it and show it;
 * another local user cannot, so they cannot run programs as the owner through it. Like X11's magic cookie.
 */
public final class OwnerToken {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerToken.class);
    private static final int BYTES = 32;

    private final Path file;
    private final byte[] value;

    private OwnerToken(Path file, byte[] value) {
        this.file = file;
        this.value = value;
    }

    /** The file of the token of the controller on {@code port} of this machine, for the user of {@code env}. */
    public static Path fileFor(Map<String, String> env, String userHome, int port) {
        return DataFolders.defaultDataDir(env, userHome).resolve("owner").resolve(Integer.toString(port));
    }

    /**
     * A new token for {@code file}, not written yet: {@link #publish} writes it once the controller holds its port, so
     * that a second grid started on a port in use never replaces (and then deletes) the running grid's token.
     */
    public static OwnerToken generate(Path file) {
        return new OwnerToken(file, HexFormat.of().formatHex(random()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the token to its file, readable by this user only (replacing an earlier one). */
    public void publish() {
        try {
            Path folder = Files.createDirectories(file.getParent());
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            Path temp = Files.createTempFile(folder, "token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, value);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the owner's token " + file + " (" + e.getMessage() + "); check that"
                    + " your home folder is writable.", e);
        }
    }

    private static byte[] random() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /**
     * The token of the controller at {@code host:port} for the user running this process, or {@code null}: only for
     * a loopback address (a token never leaves this machine) and only when its file exists.
     */
    public static String find(String host, int port) {
        if (!LoopbackNames.isLoopback(host)) {
            return null;
        }
        Path file = fileFor(System.getenv(), System.getProperty("user.home"), port);
        try {
            return Files.isReadable(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : null;
        } catch (IOException e) {
            LOG.debug("Cannot read the owner's token {}: {}", file, e.getMessage());
            return null;
        }
    }

    /** Whether {@code presented} is this token, compared in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value, presented.getBytes(StandardCharsets.US_ASCII));
    }

    public Path file() {
        return file;
    }

    /**
     * Removes the file, so that a token of a stopped controller lets nobody in later; not when it holds another token
     * (another grid's, written since).
     */
    public void delete() {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !MessageDigest.isEqual(value, Files.readAllBytes(file))) {
                return;
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove the owner's token {} ({}); remove it by hand.", file, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "OwnerToken[" + file + "]";
    }
}

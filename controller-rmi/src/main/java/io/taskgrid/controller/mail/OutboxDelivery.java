package io.taskgrid.controller.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Writes each report as an RFC 822 {@code .eml} file (any mail program opens it) into the outbox folder:
 * {@code task-<id>.eml}, written to a temporary file and moved into place so a reader never sees half of it.
 */
final class OutboxDelivery implements Delivery {
    private final Path outbox;
    private final Session session = Session.getInstance(new Properties());

    OutboxDelivery(Path outbox) {
        this.outbox = outbox.toAbsolutePath();
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public String deliver(MimeMessage message, long taskId) throws MessagingException, IOException {
        if (!Files.isDirectory(outbox)) {
            // Reports name users' tasks and addresses: the folder is the controller user's only (the files are
            // made 0600 by createTempFile).
            Files.createDirectories(outbox, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path target = outbox.resolve("task-" + taskId + ".eml");
        Path temp = Files.createTempFile(outbox, "task-" + taskId + "-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                message.writeTo(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return "written to " + target + " (no SMTP server is configured)";
    }

    @Override
    public String describe() {
        return "the outbox folder " + outbox + " (no SMTP server configured)";
    }
}

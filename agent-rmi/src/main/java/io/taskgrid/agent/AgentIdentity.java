package io.taskgrid.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** The agent's id: given, or a UID created once in {@code <workDir>/agent-id} and read back on every start. */
final class AgentIdentity {
    static final String FILE = "agent-id";

    private AgentIdentity() {
    }

    static String resolve(String given, Path workDir) {
        if (given != null) {
            return given;
        }
        Path file = workDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!stored.isEmpty()) {
                    return stored;
                }
            }
            String id = UUID.randomUUID().toString();
            Path temp = Files.createTempFile(workDir, FILE, ".tmp");
            Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("The agent id file " + file + " cannot be read or written; "
                    + "check the permissions of the work folder or give --id NAME", e);
        }
    }
}

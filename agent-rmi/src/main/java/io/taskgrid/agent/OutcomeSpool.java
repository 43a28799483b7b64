package io.taskgrid.agent;

import io.taskgrid.api.agent.TaskOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Outcomes not yet delivered to the controller, kept on the agent's disk ({@code <work-dir>/outcomes}) so that
 * an agent restarted while the controller was away still delivers them, and claims their tasks at registration
 * so that they are not run again. One file per outcome, written to a temporary name, forced to disk, then
 * renamed: a file under its final name is always complete. A file is removed once the controller took its
 * outcome; one delivered twice (the agent died between delivery and removal) is ignored by the controller as
 * stale, so the history records each outcome once.
 */
final class OutcomeSpool {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeSpool.class);
    private static final String SUFFIX = ".outcome";
    private static final String PARTIAL = ".partial";
    /**
     * Only an outcome and the JDK and api types inside it are read back: in its compact form, or as the record itself
     * (spooled by an agent before the compact form).
     */
    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=8;maxrefs=200;maxbytes=4000000;io.taskgrid.api.CompactForm;io.taskgrid.api.agent.TaskOutcome;"
                    + "io.taskgrid.api.task.ResourceUsage;"
                    + "io.taskgrid.api.task.TaskState;java.lang.Enum;java.lang.Integer;java.lang.Number;java.lang.String;"
                    + "java.time.Ser;java.time.Instant;!*");

    private final Path folder;

    /** @throws UncheckedIOException when the folder cannot be created */
    OutcomeSpool(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("The agent cannot create its outcome spool " + folder
                    + "; make its work folder writable or give another with --work-dir", e);
        }
    }

    Path folder() {
        return folder;
    }

    /**
     * Keeps an outcome until {@link #remove} (forced to disk before it returns). A failure is logged and
     * reported as {@code false}: the outcome then lives in memory only, and is lost if the agent stops first.
     */
    boolean keep(TaskOutcome outcome) {
        Path target = fileOf(outcome);
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(outcome);
            }
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            LOG.error("The outcome of task {} (attempt {}) cannot be kept in {} ({}); it is delivered from memory only, "
                    + "and lost if the agent stops before the controller takes it. Check that the disk has room.",
                    outcome.taskId(), outcome.attempt(), folder, e.toString());
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                LOG.debug("Could not remove {}", partial);
            }
            return false;
        }
    }

    /** Forgets an outcome the controller took. */
    void remove(TaskOutcome outcome) {
        Path file = fileOf(outcome);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("The delivered outcome {} cannot be removed ({}); after a restart it is sent again and the controller"
                    + " ignores it.", file, e.toString());
        }
    }

    /**
     * The outcomes kept by an earlier run of this agent, oldest end first. Partial files (the agent died while
     * writing) are removed; files that cannot be read are moved aside with a warning.
     */
    List<TaskOutcome> load() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.endsWith(PARTIAL)) {
                    Files.deleteIfExists(p);
                } else if (name.endsWith(SUFFIX)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The agent cannot read its outcome spool " + folder
                    + "; make its work folder readable or give another with --work-dir", e);
        }
        List<TaskOutcome> out = new ArrayList<>();
        for (Path p : files) {
            try {
                out.add(read(p));
            } catch (IOException | ClassNotFoundException | ClassCastException e) {
                Path aside = p.resolveSibling(p.getFileName() + ".unreadable");
                LOG.warn("The kept outcome {} cannot be read ({}); it is moved to {} and not delivered.", p, e.toString(), aside);
                try {
                    Files.move(p, aside, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException moveFailed) {
                    LOG.warn("Could not move {} aside ({}).", p, moveFailed.toString());
                }
            }
        }
        out.sort(Comparator.comparing((TaskOutcome o) -> o.endedAt() == null ? java.time.Instant.MIN : o.endedAt())
                .thenComparingLong(TaskOutcome::taskId));
        return out;
    }

    private static TaskOutcome read(Path file) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            in.setObjectInputFilter(FILTER);
            Object o = in.readObject();
            if (!(o instanceof TaskOutcome outcome)) {
                throw new InvalidClassException("not a task outcome: " + (o == null ? "null" : o.getClass().getName()));
            }
            return outcome;
        }
    }

    private Path fileOf(TaskOutcome outcome) {
        return folder.resolve(outcome.taskId() + "-" + outcome.attempt() + SUFFIX);
    }
}

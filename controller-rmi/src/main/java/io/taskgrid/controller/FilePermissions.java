package io.taskgrid.controller;

import io.taskgrid.controller.mail.MailReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps the controller's files to its own user: the data folder and the outbox 0700, the history
 * ({@code taskgrid.db} and its journals) and the reports in the outbox 0600. Applied at every start, so an
 * existing folder is tightened too (logged at INFO). Rule and users files are the administrator's and are left
 * as they are, with a WARN when others may change them (or read the users file's password hashes). On a file
 * system without POSIX permissions it does nothing.
 */
final class FilePermissions {
    private static final Logger LOG = LoggerFactory.getLogger(FilePermissions.class);
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OTHERS_READ = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);
    private static final String[] JOURNALS = {"", "-wal", "-shm", "-journal"};

    private FilePermissions() {
    }

    /** The data folder and its outbox (folder and reports). */
    static void secureDataFolder(Path dataDir) {
        restrict(dataDir, FOLDER, "data folder");
        Path outbox = dataDir.resolve(MailReports.OUTBOX);
        if (Files.isDirectory(outbox, LinkOption.NOFOLLOW_LINKS)) {
            restrict(outbox, FOLDER, "outbox");
            try (DirectoryStream<Path> reports = Files.newDirectoryStream(outbox, "*.eml")) {
                for (Path report : reports) {
                    restrict(report, FILE, "report");
                }
            } catch (IOException e) {
                LOG.warn("Cannot list the outbox {} to protect its reports ({}); make them readable by this user only.", outbox,
                        e.getMessage());
            }
        }
    }

    /**
     * The history database and the journal files SQLite keeps beside it (SQLite gives those the database's
     * mode). A missing database is created empty with 0600, which SQLite takes as a new database.
     */
    static void secureDatabase(Path database) {
        if (!Files.exists(database, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
            } catch (UnsupportedOperationException | IOException e) {
                LOG.debug("The history {} is created by SQLite: {}", database, e.toString());
            }
        }
        for (String suffix : JOURNALS) {
            Path file = database.resolveSibling(database.getFileName() + suffix);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                restrict(file, FILE, "history file");
            }
        }
    }

    /** Warns when others may change {@code file} (or, with {@code secret}, read it); never changes it. */
    static void warnIfOpen(Path file, String what, boolean secret) {
        if (file == null || !Files.exists(file)) {
            return;
        }
        Set<PosixFilePermission> now;
        try {
            now = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return;
        }
        boolean writable = now.stream().anyMatch(OTHERS_WRITE::contains);
        boolean readable = secret && now.stream().anyMatch(OTHERS_READ::contains);
        if (writable || readable) {
            LOG.warn("The {} {} is {} by other users ({}); make it the controller user's only: chmod {} {}", what, file,
                    writable ? "writable" : "readable", PosixFilePermissions.toString(now), secret ? "600" : "go-w", file);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> wanted, String what) {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (now.equals(wanted)) {
                return;
            }
            Files.setPosixFilePermissions(path, wanted);
            LOG.info("Made the {} {} readable by this user only ({} was {}).", what, path, PosixFilePermissions.toString(wanted),
                    PosixFilePermissions.toString(now));
        } catch (UnsupportedOperationException e) {
            LOG.debug("No POSIX permissions on {}", path);
        } catch (IOException e) {
            LOG.warn("Cannot restrict the {} {} to this user ({}); do it by hand: chmod {} {}", what, path, e.getMessage(),
                    wanted.contains(PosixFilePermission.OWNER_EXECUTE) ? "700" : "600", path);
        }
    }
}

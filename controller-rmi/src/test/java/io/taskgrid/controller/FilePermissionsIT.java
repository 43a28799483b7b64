package io.taskgrid.controller;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskgrid.controller.mail.MailReports;
import io.taskgrid.policy.rules.RuleFile;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.users.Role;
import io.taskgrid.policy.users.UserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller keeps its data folder, history and outbox to its own user (finding 9 of issue 18). */
class FilePermissionsIT {
    @TempDir
    Path root;
    @TempDir
    Path shared;
    private ControllerServer server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger permissionsLog = (Logger) LoggerFactory.getLogger(FilePermissions.class);

    @BeforeEach
    void captureLog() {
        log.start();
        permissionsLog.addAppender(log);
        permissionsLog.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() {
        permissionsLog.detachAppender(log);
        permissionsLog.setLevel(null);
        if (server != null) {
            server.close();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private void assertHistoryIsPrivate(Path data) throws Exception {
        assertEquals("rwx------", mode(data));
        Path db = data.resolve(ControllerServer.DATABASE_FILE);
        assertEquals("rw-------", mode(db));
        for (String journal : List.of("-wal", "-shm", "-journal")) {
            Path j = data.resolve(ControllerServer.DATABASE_FILE + journal);
            if (Files.exists(j)) {
                assertEquals("rw-------", mode(j), j.toString());
            }
        }
    }

    @Test
    void aFreshDataFolderIsTheControllerUsersOnly() throws Exception {
        Path data = root.resolve("fresh/data");
        server = ControllerServer.start(new ControllerConfig(0, data, shared, 2, null, null));
        assertHistoryIsPrivate(data);
    }

    @Test
    void anOpenDataFolderIsTightenedAtStartAndSaysSo() throws Exception {
        Path data = root.resolve("open");
        ControllerServer.start(new ControllerConfig(0, data, shared, 2, null, null)).close();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve(ControllerServer.DATABASE_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        Path outbox = Files.createDirectories(data.resolve(MailReports.OUTBOX));
        Files.setPosixFilePermissions(outbox, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path report = Files.writeString(outbox.resolve("task-1.eml"), "To: ann@example.org\n\nsecret\n");
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-r--r--"));

        server = ControllerServer.start(new ControllerConfig(0, data, shared, 2, null, null));

        assertHistoryIsPrivate(data);
        assertEquals("rwx------", mode(outbox));
        assertEquals("rw-------", mode(report));
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().contains("data folder " + data)
                && e.getFormattedMessage().contains("rwxr-xr-x")), "the tightening is logged: " + messages());
    }

    @Test
    void ruleAndUsersFilesOthersCanChangeAreLeftAsTheyAreWithAWarning() throws Exception {
        Path data = root.resolve("data");
        Path rules = Files.writeString(root.resolve("clients.rules"), "allow all\n");
        Files.setPosixFilePermissions(rules, PosixFilePermissions.fromString("rw-rw-rw-"));
        UserStore users = new UserStore(root.resolve("users"));
        users.put("ann", Role.USER, "ann-secret-1".toCharArray());
        Files.setPosixFilePermissions(users.file(), PosixFilePermissions.fromString("rw-r--r--"));

        server = ControllerServer.start(new ControllerConfig(0, data, shared, 2, null, null),
                new ControllerSecurity(new RuleFile(rules, Clock.systemUTC(), Duration.ZERO), null, users, RmiTransport.plain()));

        assertEquals("rw-rw-rw-", mode(rules), "the administrator's file is not changed");
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(rules.toString())
                && e.getFormattedMessage().contains("writable by other users")), messages().toString());
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains(users.file().toString())
                && e.getFormattedMessage().contains("readable by other users")), messages().toString());
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}

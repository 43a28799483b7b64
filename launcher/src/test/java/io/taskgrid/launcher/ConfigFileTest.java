package io.taskgrid.launcher;

import io.taskgrid.controller.mail.MailSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {
    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("controller.conf"), text);
    }

    private String refusal(String text) throws Exception {
        Path file = write(text);
        return assertThrows(IllegalArgumentException.class, () -> ConfigFile.read(file, ControllerCommand.KEYS)).getMessage();
    }

    @Test
    void readsSettingsSkipsCommentsAndResolvesPathsFromItsFolder() throws Exception {
        ConfigFile file = ConfigFile.read(write("# mail\n\nsmtp-host = mail.example.org\n  smtp-port=587 \ndata-dir = state\n"
                + "heartbeat-timeout = 30s\n"), ControllerCommand.KEYS);
        assertEquals("mail.example.org", file.string("smtp-host"));
        assertEquals(587, file.integer("smtp-port"));
        assertEquals(dir.resolve("state"), file.path("data-dir"));
        assertEquals(Duration.ofSeconds(30), file.duration("heartbeat-timeout"));
        assertNull(file.string("smtp-user"));
    }

    @Test
    void retentionLimitsAreWholeNumbersOrOffAndAMistakeNamesTheLine() throws Exception {
        assertEquals(90, ControllerCommand.keepLimit(" 90 ", 90, 1_000_000));
        assertEquals(-1, ControllerCommand.keepLimit("OFF", 90, 1_000_000));
        assertEquals("must be a whole number of 1 or more, or off, not 'ninety' (e.g. 90).",
                assertThrows(IllegalArgumentException.class, () -> ControllerCommand.keepLimit("ninety", 90, 1_000_000)).getMessage());
        assertEquals("must be from 1 to 1000000, or off, not 0.",
                assertThrows(IllegalArgumentException.class, () -> ControllerCommand.keepLimit("0", 90, 1_000_000)).getMessage());
        ConfigFile file = ConfigFile.read(write("keep-days = soon\ndelete-results = yes\n"), ControllerCommand.KEYS);
        assertEquals(true, file.flag("delete-results"));
        String where = dir.resolve("controller.conf").toAbsolutePath() + ":";
        assertEquals(where + "1: keep-days must be a whole number of 1 or more, or off, not 'soon' (e.g. 90).",
                assertThrows(IllegalArgumentException.class,
                        () -> file.parsed("keep-days", v -> ControllerCommand.keepLimit(v, 90, 1_000_000))).getMessage());
    }

    @Test
    void eachMistakeNamesTheFileTheLineAndTheFix() throws Exception {
        String where = dir.resolve("controller.conf").toAbsolutePath() + ":";
        assertEquals(where + "2: unknown setting 'smtp-hots'; the settings are: advertise, agents-rules, clients-rules, "
                + "data-dir, default-timeout, delete-results, fair-share-half-life, heartbeat-timeout, insecure, keep-days, keep-tasks, keystore, lease, log-level, mail-from, max-processes, metrics-address, metrics-port, port, shared, smtp-host, smtp-password, "
                + "smtp-port, smtp-security, smtp-user, task-privacy, truststore, users, verify-hostnames.",
                refusal("port = 1099\nsmtp-hots = x\n"));
        assertTrue(refusal("smtp-host\n").startsWith(where + "1: 'smtp-host' is not a setting; write key = value"));
        assertTrue(refusal("port =\n").startsWith(where + "1: 'port' has no value"));
        assertTrue(refusal("port = 1\n\nport = 2\n").startsWith(where + "3: 'port' is set again (first on line 1)"));
        Path file = write("# x\nsmtp-port = many\n");
        String message = assertThrows(IllegalArgumentException.class,
                () -> ConfigFile.read(file, ControllerCommand.KEYS).integer("smtp-port")).getMessage();
        assertEquals(where + "2: smtp-port must be a whole number, not 'many'.", message);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigFile.read(dir.resolve("nope.conf"), ControllerCommand.KEYS))
                .getMessage().contains("does not exist; check the path given to --config"));
    }

    @Test
    void optionsOverrideTheFileAndThePasswordMayComeFromTheEnvironment() throws Exception {
        ConfigFile file = ConfigFile.read(write("smtp-host = mail.example.org\nsmtp-security = starttls\nsmtp-user = grid\n"
                + "mail-from = grid@example.org\n"), ControllerCommand.KEYS);
        MailOptions options = new MailOptions();
        options.host = "relay.example.org";
        MailSettings mail = options.settings(file, new ServerEnvironment(Map.of(MailOptions.PASSWORD_VARIABLE, "s3cret"), "/home/x"));
        assertEquals("relay.example.org", mail.host());
        assertEquals(587, mail.port(), "STARTTLS's usual port");
        assertEquals(MailSettings.Security.STARTTLS, mail.security());
        assertEquals("s3cret", mail.password());
        assertFalse(mail.toString().contains("s3cret"), "the password is never printed");

        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> options.settings(file, new ServerEnvironment(Map.of(), "/home/x")));
        assertTrue(noPassword.getMessage().contains("has no password"), noPassword.getMessage());
        MailOptions none = new MailOptions();
        assertFalse(none.settings(ConfigFile.none(), new ServerEnvironment(Map.of(), "/home/x")).usesSmtp(), "no host: the outbox");
    }
}

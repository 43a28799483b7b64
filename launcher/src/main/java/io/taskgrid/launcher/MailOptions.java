package io.taskgrid.launcher;

import io.taskgrid.controller.mail.MailSettings;
import picocli.CommandLine.Option;

import java.util.Set;

/**
 * The options of reports by mail, shared by {@code controller} and {@code local}. Without an SMTP host,
 * reports are written to the outbox folder under the data folder.
 */
final class MailOptions {
    static final Set<String> KEYS = Set.of("smtp-host", "smtp-port", "smtp-security", "smtp-user", "smtp-password", "mail-from");
    static final String PASSWORD_VARIABLE = "TASKGRID_SMTP_PASSWORD";

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "SMTP server for the reports by mail (default: none, reports go to DATA-DIR/outbox as .eml files).")
    String host;

    @Option(names = "--smtp-port", paramLabel = "PORT", description = "SMTP port (default: 25, 587 with starttls, 465 with smtps).")
    Integer port;

    @Option(names = "--smtp-security", paramLabel = "MODE", description = "none, starttls or smtps (default: none).")
    String security;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "User for SMTP authentication (default: none).")
    String user;

    @Option(names = "--smtp-password", paramLabel = "PASSWORD", description = "Its password; prefer the configuration file or $TASKGRID_SMTP_PASSWORD, which other users cannot see in the process list.")
    String password;

    @Option(names = "--mail-from", paramLabel = "ADDR", description = "Sender address of the reports (default: " + MailSettings.DEFAULT_FROM + ").")
    String from;

    /**
     * Options over the file over the environment (for the password) over the defaults.
     *
     * @throws IllegalArgumentException with a sentence naming what is wrong and where
     */
    MailSettings settings(ConfigFile file, ServerEnvironment environment) {
        String h = host != null ? host : file.string("smtp-host");
        Integer p = port != null ? port : file.integer("smtp-port");
        MailSettings.Security sec = security != null ? MailSettings.Security.parse(security)
                : file.checked("smtp-security", MailSettings.Security::parse);
        String u = user != null ? user : file.string("smtp-user");
        String pw = password != null ? password : file.string("smtp-password");
        if (pw == null && u != null) {
            pw = environment.variable(PASSWORD_VARIABLE);
        }
        String f = from != null ? from : file.string("mail-from");
        if (h == null) {
            if (u != null || p != null || sec != null) {
                throw new IllegalArgumentException("SMTP settings were given without an SMTP host; add --smtp-host (or smtp-host in the"
                        + " configuration file), or remove them to write reports to the outbox folder.");
            }
            MailSettings outbox = MailSettings.outbox();
            return new MailSettings(null, 0, null, null, null, f, outbox.attempts(), outbox.firstBackoff(), outbox.timeout());
        }
        return MailSettings.smtp(h, p == null ? 0 : p, sec, u, pw, f);
    }
}

package io.taskgrid.controller.mail;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the controller sends its reports by mail. With no SMTP host (the default) reports are written as
 * {@code .eml} files into the outbox folder under the data folder instead.
 *
 * @param host         SMTP server, or {@code null} for the outbox
 * @param port         SMTP port; 0 picks the usual one for the security (25, 587 with STARTTLS, 465 with SMTPS)
 * @param security     how the connection is protected
 * @param user         user name for SMTP authentication, or {@code null} for none
 * @param password     password for that user ({@code null} without a user)
 * @param from         sender address of the reports
 * @param attempts     tries per report before it is recorded as failed, at least 1
 * @param firstBackoff wait before the second try; it doubles for each further try
 * @param timeout      connection, read and write timeout of each try
 */
public record MailSettings(String host, int port, Security security, String user, String password, String from,
                           int attempts, Duration firstBackoff, Duration timeout) {
    public static final String DEFAULT_FROM = "taskgrid@localhost";
    public static final int DEFAULT_ATTEMPTS = 4;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** A pragmatic check of an address: something@domain.tld, no spaces or angle brackets. */
    public static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain SMTP (only on a trusted network). */
        NONE(25),
        /** Plain connection upgraded with STARTTLS, which is required. */
        STARTTLS(587),
        /** TLS from the first byte (SMTPS). */
        SMTPS(465);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }

        /** {@code none}, {@code starttls} or {@code smtps}, any case. */
        public static Security parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The SMTP security '" + text + "' is not known; write none, starttls or smtps.", e);
            }
        }
    }

    public MailSettings {
        security = security == null ? Security.NONE : security;
        host = host == null || host.isBlank() ? null : host.trim();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The SMTP port " + port + " is not a TCP port; choose one between 1 and 65535.");
        }
        if (port == 0) {
            port = security.defaultPort();
        }
        user = user == null || user.isEmpty() ? null : user;
        if (user != null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("The SMTP user '" + user + "' has no password; give it with --smtp-password,"
                    + " smtp-password in the configuration file or the TASKGRID_SMTP_PASSWORD variable.");
        }
        if (user == null && password != null && !password.isEmpty()) {
            throw new IllegalArgumentException("An SMTP password was given without a user; give the user too (--smtp-user).");
        }
        from = from == null || from.isBlank() ? DEFAULT_FROM : from.trim();
        if (!ADDRESS.matcher(from).matches()) {
            throw new IllegalArgumentException("The sender address '" + from + "' is not valid; write it like taskgrid@example.org.");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("A report needs at least 1 attempt, not " + attempts + ".");
        }
        firstBackoff = firstBackoff == null ? DEFAULT_BACKOFF : firstBackoff;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (firstBackoff.isNegative() || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("The mail backoff must not be negative and the mail timeout must be positive.");
        }
    }

    /** No SMTP: reports go to the outbox folder. */
    public static MailSettings outbox() {
        return new MailSettings(null, 0, Security.NONE, null, null, DEFAULT_FROM, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, DEFAULT_TIMEOUT);
    }

    /** Reports through this SMTP server, with the default retries and timeouts. */
    public static MailSettings smtp(String host, int port, Security security, String user, String password, String from) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("An SMTP host is required; give it with --smtp-host.");
        }
        return new MailSettings(host, port, security, user, password, from, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, DEFAULT_TIMEOUT);
    }

    public boolean usesSmtp() {
        return host != null;
    }

    public MailSettings withRetries(int newAttempts, Duration newFirstBackoff, Duration newTimeout) {
        return new MailSettings(host, port, security, user, password, from, newAttempts, newFirstBackoff, newTimeout);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return usesSmtp()
                ? "SMTP " + host + ":" + port + " (" + security.name().toLowerCase(Locale.ROOT) + (user == null ? "" : ", as " + user)
                + "), from " + from
                : "outbox, from " + from;
    }
}

package io.taskgrid.controller.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/** Sends through an SMTP server with Jakarta Mail (Angus), with bounded timeouts. */
final class SmtpDelivery implements Delivery {
    private final MailSettings settings;
    private final Session session;

    SmtpDelivery(MailSettings settings) {
        this.settings = settings;
        boolean smtps = settings.security() == MailSettings.Security.SMTPS;
        String protocol = smtps ? "smtps" : "smtp";
        String timeout = Long.toString(settings.timeout().toMillis());
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", protocol);
        p.setProperty("mail." + protocol + ".host", settings.host());
        p.setProperty("mail." + protocol + ".port", Integer.toString(settings.port()));
        p.setProperty("mail." + protocol + ".connectiontimeout", timeout);
        p.setProperty("mail." + protocol + ".timeout", timeout);
        p.setProperty("mail." + protocol + ".writetimeout", timeout);
        p.setProperty("mail." + protocol + ".from", settings.from());
        p.setProperty("mail." + protocol + ".auth", Boolean.toString(settings.user() != null));
        if (settings.security() == MailSettings.Security.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (settings.security() != MailSettings.Security.NONE) {
            p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public String deliver(MimeMessage message, long taskId) throws MessagingException {
        String protocol = settings.security() == MailSettings.Security.SMTPS ? "smtps" : "smtp";
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect(settings.host(), settings.port(), settings.user(), settings.password());
            transport.sendMessage(message, message.getAllRecipients());
        }
        return "sent to " + Arrays.stream(message.getAllRecipients()).map(Object::toString).collect(Collectors.joining(", "))
                + " through " + settings.host() + ":" + settings.port();
    }

    @Override
    public String describe() {
        return settings.toString();
    }
}

package io.taskgrid.controller.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;

/** Where a composed report goes: an SMTP server or the outbox folder. The seam tests replace. */
interface Delivery {
    /** The mail session messages are composed in. */
    Session session();

    /**
     * Delivers one message; returns a sentence for the task's record ("sent to … through …").
     *
     * @throws MessagingException when the server refuses, times out or wants authentication (retried)
     * @throws IOException        when the outbox cannot be written (retried)
     */
    String deliver(MimeMessage message, long taskId) throws MessagingException, IOException;

    /** Where reports go, for the controller's start-up lines. */
    String describe();
}

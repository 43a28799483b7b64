package io.taskgrid.controller.mail;

import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.controller.NamedThreads;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Sends a report by mail for every task that ends with an address. Handing a task over ({@link #taskEnded})
 * never waits: reports are composed and delivered on one thread of their own ("taskgrid-mail"), at most
 * {@link #MAX_PENDING} waiting; a failed delivery is tried again after a backoff that doubles, and a report
 * that finally fails is logged and recorded on its task, nothing else.
 */
public final class MailReports implements AutoCloseable {
    public static final String OUTBOX = "outbox";
    public static final int MAX_PENDING = 1_000;
    /** How the status recorded for a report given up begins. */
    public static final String NOT_SENT = "not sent";
    static final Set<TaskState> REPORTED = EnumSet.of(TaskState.SUCCEEDED, TaskState.FAILED, TaskState.CANCELLED, TaskState.DUPLICATE);
    private static final Logger LOG = LoggerFactory.getLogger(MailReports.class);

    private final MailSettings settings;
    private final Delivery delivery;
    private final String sharedRoot;
    private final Clock clock;
    private final BiConsumer<Long, String> record;
    /** An array at a glance, by its id, for the one report an array gets when its last member ends. */
    private final LongFunction<Optional<ArraySummary>> arrays;
    private final ScheduledExecutorService thread;
    private final AtomicInteger pending = new AtomicInteger();
    private boolean closed;

    /**
     * @param dataDir    the outbox is {@code dataDir/outbox} when no SMTP server is configured
     * @param sharedRoot absolute path of the shared folder, named in reports
     * @param record     told (on the mail thread) what became of each report: task id and a sentence
     */
    public MailReports(MailSettings settings, Path dataDir, String sharedRoot, Clock clock, BiConsumer<Long, String> record) {
        this(settings, dataDir, sharedRoot, clock, record, id -> Optional.empty());
    }

    /** @param arrays an array at a glance by its id: an array gets one report, when its last member ends */
    public MailReports(MailSettings settings, Path dataDir, String sharedRoot, Clock clock, BiConsumer<Long, String> record,
                       LongFunction<Optional<ArraySummary>> arrays) {
        this(settings, settings.usesSmtp() ? new SmtpDelivery(settings) : new OutboxDelivery(dataDir.resolve(OUTBOX)),
                sharedRoot, clock, record, arrays);
    }

    MailReports(MailSettings settings, Delivery delivery, String sharedRoot, Clock clock, BiConsumer<Long, String> record) {
        this(settings, delivery, sharedRoot, clock, record, id -> Optional.empty());
    }

    MailReports(MailSettings settings, Delivery delivery, String sharedRoot, Clock clock, BiConsumer<Long, String> record,
                LongFunction<Optional<ArraySummary>> arrays) {
        this.arrays = arrays;
        this.settings = settings;
        this.delivery = delivery;
        this.sharedRoot = sharedRoot;
        this.clock = clock;
        this.record = record;
        this.thread = new ScheduledThreadPoolExecutor(1, NamedThreads.single("taskgrid-mail"));
    }

    /** Where reports go, for the controller's start-up lines: the SMTP server, or the outbox folder. */
    public String describe() {
        return delivery.describe();
    }

    /**
     * Queues the report of a task that ended, when it has an address and a reported state; returns at once. For a member
     * of an array, the scheduler hands over only the last to end: the report is the array's, with its counts.
     */
    public void taskEnded(TaskRecord task) {
        if (task.email() == null || (!REPORTED.contains(task.state()) && !task.inArray())) {
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            String why = NOT_SENT + ": " + MAX_PENDING + " reports were already waiting for the mail server";
            LOG.error("Report on task {} to {} {}", task.id(), task.email(), why);
            recordSafely(task.id(), why);
            return;
        }
        schedule(task, 1, Duration.ZERO);
    }

    private void schedule(TaskRecord task, int attempt, Duration delay) {
        try {
            thread.schedule(() -> attempt(task, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            LOG.warn("The controller stopped before the report on task {} to {} was sent", task.id(), task.email());
        }
    }

    /** On the mail thread. */
    private void attempt(TaskRecord task, int attempt) {
        String failure;
        try {
            String outcome = delivery.deliver(compose(task), task.id());
            pending.decrementAndGet();
            LOG.info("Report on task {} {}", task.id(), outcome);
            recordSafely(task.arrayId() != null ? task.arrayId() : task.id(), outcome);
            return;
        } catch (MessagingException | IOException e) {
            failure = describe(e);
        } catch (RuntimeException e) {
            LOG.error("Composing or sending the report on task {} failed", task.id(), e);
            failure = e.toString();
        }
        if (attempt < settings.attempts()) {
            Duration backoff = settings.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
            LOG.warn("Report on task {} to {}: attempt {} of {} failed ({}); trying again in {} ms", task.id(), task.email(),
                    attempt, settings.attempts(), failure, backoff.toMillis());
            schedule(task, attempt + 1, backoff);
        } else {
            pending.decrementAndGet();
            String why = NOT_SENT + " to " + task.email() + " after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ") + failure;
            LOG.error("Report on task {} {}", task.id(), why);
            recordSafely(task.id(), why);
        }
    }

    MimeMessage compose(TaskRecord task) throws MessagingException {
        Optional<ArraySummary> array = task.inArray() ? arrays.apply(task.arrayId()) : Optional.empty();
        Report report = array.map(a -> Report.ofArray(a, task, clock.getZone()))
                .orElseGet(() -> Report.of(task, sharedRoot, clock.getZone()));
        MimeMessage m = new MimeMessage(delivery.session());
        m.setFrom(new InternetAddress(settings.from()));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(task.email(), true));
        m.setSubject(report.subject(), "UTF-8");
        m.setSentDate(Date.from(clock.instant()));
        m.setHeader("X-TaskGrid-Task", Long.toString(array.map(ArraySummary::arrayId).orElse(task.id())));
        m.setHeader("X-TaskGrid-State", task.state().name());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(report.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(report.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        m.setContent(alternative);
        m.saveChanges();
        return m;
    }

    private void recordSafely(long taskId, String status) {
        try {
            record.accept(taskId, status);
        } catch (RuntimeException e) {
            LOG.error("Could not record the mail status of task {} ({})", taskId, status, e);
        }
    }

    /** The innermost useful message: "Connection refused", "535 Authentication failed", "Read timed out". */
    private static String describe(Exception e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        String kind = e instanceof jakarta.mail.AuthenticationFailedException ? "the server refused the log-in"
                : e instanceof IOException ? "the outbox could not be written" : "the mail server failed";
        return kind + " (" + (message == null ? t.getClass().getSimpleName() : message.strip()) + ")";
    }

    /** Reports waiting or being retried now. */
    public int pending() {
        return pending.get();
    }

    /**
     * Stops the mail thread: what is due goes out within 2 s, reports still waiting after that (a retry's
     * backoff, a slow server) are logged as not sent. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        int left = pending.get();
        if (left > 0) {
            LOG.warn("{} reports by mail were not sent because the controller stopped", left);
        }
    }
}

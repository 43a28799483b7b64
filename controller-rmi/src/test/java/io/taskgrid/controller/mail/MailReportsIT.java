package io.taskgrid.controller.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reports through a real SMTP server (GreenMail, started here) and into the outbox folder. */
class MailReportsIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path data;

    private GreenMail smtp;
    private MailReports reports;
    private final Map<Long, String> recorded = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        if (reports != null) {
            reports.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private void startSmtp(boolean withUser) {
        smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
        if (withUser) {
            smtp.withConfiguration(GreenMailConfiguration.aConfig().withUser("grid@example.org", "grid", "s3cret"));
        }
        smtp.start();
    }

    private MailReports reportsThrough(MailSettings settings) {
        reports = new MailReports(settings.withRetries(settings.attempts(), Duration.ofMillis(50), Duration.ofSeconds(2)),
                data, "/mnt/shared", CLOCK, recorded::put);
        return reports;
    }

    private MailSettings local(String user, String password) {
        return MailSettings.smtp("127.0.0.1", smtp.getSmtp().getPort(), MailSettings.Security.NONE, user, password, "grid@example.org");
    }

    private String awaitStatus(long taskId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String s = recorded.get(taskId);
            if (s != null) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no mail status was recorded for task " + taskId + " within 20 s; recorded: " + recorded);
    }

    static TaskRecord ended(long id, TaskState state, Integer exit, String output, String errors, String message) {
        return TaskRecord.builder().id(id).project("climate").projectId("run-" + id).program("models/sim.py")
                .language(Language.PYTHON).arguments(List.of("--years", "30")).dataPath("inputs/grid.csv")
                .email("ann@example.org").state(state).agentId("agent-7").agentHost("node7.example.org").exitCode(exit)
                .output(output).errorOutput(errors).message(message)
                .submittedAt(Instant.parse("2030-01-02T09:00:00Z")).startedAt(Instant.parse("2030-01-02T09:00:05Z"))
                .endedAt(Instant.parse("2030-01-02T09:02:10Z")).resultPath("results/climate/" + id)
                .clientUser("ann").clientHost("10.0.0.5").usage(new ResourceUsage(12.5, 50L << 20, 4096)).build();
    }

    private static String part(MimeMessage m, String type) throws Exception {
        Multipart mp = (Multipart) m.getContent();
        for (int i = 0; i < mp.getCount(); i++) {
            if (mp.getBodyPart(i).isMimeType(type)) {
                return (String) mp.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no " + type + " part in " + m.getContentType());
    }

    @Test
    void aSuccessReportSaysSoAndCarriesEveryFactInTextAndHtml() throws Exception {
        startSmtp(false);
        String output = IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n";
        reportsThrough(local(null, null)).taskEnded(ended(41, TaskState.SUCCEEDED, 0, output, "", null));

        assertTrue(awaitStatus(41).startsWith("sent to ann@example.org through 127.0.0.1:"), recorded.get(41L));
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertEquals("[TaskGrid] ✓ Task 41 succeeded: models/sim.py (climate)", m.getSubject());
        assertEquals("grid@example.org", m.getFrom()[0].toString());
        assertEquals("ann@example.org", m.getAllRecipients()[0].toString());
        assertTrue(m.isMimeType("multipart/alternative"), m.getContentType());
        String text = part(m, "text/plain");
        for (String fact : List.of("Task       41", "succeeded, exit code 0", "climate, project id run-41", "models/sim.py (python)",
                "--years 30", "inputs/grid.csv", "agent-7 on node7.example.org", "2030-01-02 09:00:00 Z by ann from 10.0.0.5", "CPU 12.5 s, memory 50.0 MB, 4096 bytes read",
                "2030-01-02 09:00:05 Z", "2030-01-02 09:02:10 Z", "2 min 05 s", "/mnt/shared/results/climate/41",
                "line 1\r\n", "line 10\r\n", "30 lines left out", "line 41\r\n", "line 50\r\n")) {
            assertTrue(text.contains(fact), "text part lacks '" + fact + "':\n" + text);
        }
        assertFalse(text.contains("line 25\r\n"), "the middle of a long output is left out");
        String html = part(m, "text/html");
        assertTrue(html.contains("<th align=\"left\" valign=\"top\">Agent</th><td>agent-7 on node7.example.org</td>"), html);
        assertTrue(html.contains("/mnt/shared/results/climate/41"), html);
    }

    @Test
    void anArrayGetsOneReportWithItsCountsAndTheIndexesThatFailedRecordedOnTheArraysId() throws Exception {
        startSmtp(false);
        ArraySummary summary = new ArraySummary(40, TaskArray.parse("1-100%5"), "models/sim.py", "ann",
                Instant.parse("2030-01-02T09:00:00Z"), java.util.Map.of(TaskState.SUCCEEDED, 97, TaskState.FAILED, 3),
                List.of(7, 12, 99), Instant.parse("2030-01-02T09:30:00Z"));
        reports = new MailReports(local(null, null).withRetries(3, Duration.ofMillis(50), Duration.ofSeconds(2)),
                data, "/mnt/shared", CLOCK, recorded::put, id -> id == 40 ? java.util.Optional.of(summary) : java.util.Optional.empty());
        TaskRecord last = ended(139, TaskState.SUCCEEDED, 0, "", "", null).toBuilder().arrayId(40L).arrayIndex(100).build();
        reports.taskEnded(last);

        assertTrue(awaitStatus(40).startsWith("sent to ann@example.org"), recorded.toString());
        assertEquals(1, smtp.getReceivedMessages().length);
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertEquals("[TaskGrid] X Array 40 ended, 100 tasks: 97 succeeded, 3 failed: models/sim.py (climate)", m.getSubject());
        assertEquals("40", m.getHeader("X-TaskGrid-Task")[0]);
        String text = part(m, "text/plain");
        for (String fact : List.of("40 (indexes 1-100%5)", "40.7, 40.12, 40.99", "taskgrid show 40", "by ann")) {
            assertTrue(text.contains(fact), "text part lacks '" + fact + "':\n" + text);
        }
    }

    @Test
    void aFailureReportSaysFailedInItsSubjectAndGivesTheErrorAndTheLastLinesOfStderr() throws Exception {
        startSmtp(false);
        reportsThrough(local(null, null)).taskEnded(ended(42, TaskState.FAILED, 3, "partial\n",
                "Traceback (most recent call last):\nValueError: <bad> & worse\n", "Exited with code 3."));

        awaitStatus(42);
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertEquals("[TaskGrid] X Task 42 FAILED: models/sim.py (climate)", m.getSubject());
        String text = part(m, "text/plain");
        assertTrue(text.contains("failed, exit code 3"), text);
        assertTrue(text.contains("Error      Exited with code 3."), text);
        assertTrue(text.contains("--- Errors (stderr) ---\r\nTraceback (most recent call last):\r\nValueError: <bad> & worse"), text);
        assertTrue(part(m, "text/html").contains("ValueError: &lt;bad&gt; &amp; worse"), "HTML is escaped");
    }

    @Test
    void authenticatesWithItsUserAndPassword() throws Exception {
        startSmtp(true);
        reportsThrough(local("grid", "s3cret")).taskEnded(ended(43, TaskState.CANCELLED, null, null, null, "Cancelled by ann."));

        assertTrue(awaitStatus(43).startsWith("sent to ann@example.org"), recorded.get(43L));
        assertEquals("[TaskGrid] ⊘ Task 43 cancelled: models/sim.py (climate)", smtp.getReceivedMessages()[0].getSubject());
    }

    @Test
    void aRefusedLogInIsTriedAgainThenRecordedOnTheTask() throws Exception {
        startSmtp(true);
        MailSettings wrong = local("grid", "wrong").withRetries(3, Duration.ofMillis(50), Duration.ofSeconds(2));
        reports = new MailReports(wrong, data, "/mnt/shared", CLOCK, recorded::put);
        reports.taskEnded(ended(44, TaskState.SUCCEEDED, 0, "ok\n", "", null));

        String status = awaitStatus(44);
        assertTrue(status.startsWith("not sent to ann@example.org after 3 attempts: the server refused the log-in"), status);
        assertEquals(0, smtp.getReceivedMessages().length);
        assertEquals(0, reports.pending());
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsRecordedWithoutHoldingTheCaller() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // accepts connections, never says a word
            MailSettings settings = MailSettings.smtp("127.0.0.1", silent.getLocalPort(), MailSettings.Security.NONE, null, null, null)
                    .withRetries(2, Duration.ofMillis(50), Duration.ofMillis(500));
            reports = new MailReports(settings, data, "/mnt/shared", CLOCK, recorded::put);
            reports.taskEnded(ended(45, TaskState.SUCCEEDED, 0, "ok\n", "", null));
            assertNull(recorded.get(45L), "handing over a report returns before any delivery is tried to the end");

            String status = awaitStatus(45);
            assertTrue(status.startsWith("not sent to ann@example.org after 2 attempts: the mail server failed"), status);
            assertTrue(status.toLowerCase().contains("timed out") || status.toLowerCase().contains("timeout"), status);
        }
    }

    @Test
    void withoutSmtpReportsAreEmlFilesInTheOutbox() throws Exception {
        reports = new MailReports(MailSettings.outbox(), data, "/mnt/shared", CLOCK, recorded::put);
        assertTrue(reports.describe().contains(data.resolve("outbox").toString()), reports.describe());
        reports.taskEnded(ended(46, TaskState.SUCCEEDED, 0, "hello\n", "", null));
        reports.taskEnded(ended(47, TaskState.REJECTED, null, null, null, "bad").toBuilder().build()); // not reported
        reports.taskEnded(ended(48, TaskState.SUCCEEDED, 0, "x", "", null).toBuilder().email(null).build()); // no address

        String status = awaitStatus(46);
        Path eml = data.resolve("outbox").resolve("task-46.eml");
        assertEquals("written to " + eml + " (no SMTP server is configured)", status);
        try (InputStream in = Files.newInputStream(eml)) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            assertEquals("[TaskGrid] ✓ Task 46 succeeded: models/sim.py (climate)", m.getSubject());
            assertTrue(part(m, "text/plain").contains("hello"));
            assertNotNull(part(m, "text/html"));
        }
        reports.close();
        try (var files = Files.list(data.resolve("outbox"))) {
            assertEquals(List.of("task-46.eml"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static void assertNull(Object value, String message) {
        org.junit.jupiter.api.Assertions.assertNull(value, message);
    }
}

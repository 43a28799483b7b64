package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.taskgrid.controller.mail.MailSettings;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 6 through the real command line against a real grid: duplicates, reports by mail, live progress. */
class ReportsDuplicatesProgressIT {
    @TempDir
    Path folder;

    private static long id(JsonNode task) {
        return task.get("id").asLong();
    }

    private static String state(JsonNode task) {
        return task.get("state").asText();
    }

    @Test
    void theSameFilesAndArgumentsAreADuplicateUntilAFileIsTouchedOrTheRunIsForced() throws Exception {
        try (Grid grid = Grid.start(folder, 4, 2)) {
            Path data = grid.sharedFile("dedup/in.txt", "a b c\n");
            Path program = grid.sharedFile("dedup/count.py", "import os\nprint(len(open(os.environ['TASKGRID_DATA']).read().split()))\n");
            JsonNode first = grid.json("submit", program.toString(), "x", "--data", "dedup/in.txt", "--wait");
            assertEquals("SUCCEEDED", state(first), first.toString());

            CliResult again = grid.run("submit", program.toString(), "x", "--data", "dedup/in.txt", "--wait");
            assertEquals(0, again.exitCode(), again.toString());
            assertTrue(again.err().contains("is a duplicate of task " + id(first)), again.toString());
            JsonNode dup = grid.json("history", "--limit", "1").get(0);
            assertEquals("DUPLICATE", state(dup));
            assertEquals(id(first), dup.get("duplicateOf").asLong());
            assertEquals(first.get("resultPath").asText(), dup.get("resultPath").asText());
            assertTrue(dup.get("message").asText().startsWith("Duplicate of task " + id(first) + ": "), dup.toString());
            assertTrue(grid.run("show", Long.toString(id(dup))).out().contains("duplicate of task " + id(first)));
            assertTrue(grid.run("history", "--limit", "1").out().contains("≡ "), "history marks a duplicate with ≡");

            JsonNode otherArgs = grid.json("submit", program.toString(), "y", "--data", "dedup/in.txt", "--wait");
            assertEquals("SUCCEEDED", state(otherArgs), "other arguments run");

            JsonNode forced = grid.json("submit", program.toString(), "x", "--data", "dedup/in.txt", "--force", "--wait");
            assertEquals("SUCCEEDED", state(forced), "--force runs it");
            assertTrue(forced.get("duplicateOf").isNull());

            Files.setLastModifiedTime(data, FileTime.fromMillis(Files.getLastModifiedTime(data).toMillis() + 10_000));
            JsonNode touched = grid.json("submit", program.toString(), "x", "--data", "dedup/in.txt", "--wait");
            assertEquals("SUCCEEDED", state(touched), "a touched data file runs");
            JsonNode afterTouch = grid.json("submit", program.toString(), "x", "--data", "dedup/in.txt");
            assertEquals("DUPLICATE", state(afterTouch));
            assertEquals(id(touched), afterTouch.get("duplicateOf").asLong(), "the newest success is the one pointed at");

            Files.setLastModifiedTime(program, FileTime.fromMillis(Files.getLastModifiedTime(program).toMillis() + 10_000));
            assertEquals("SUCCEEDED", state(grid.json("submit", program.toString(), "x", "--data", "dedup/in.txt", "--wait")),
                    "a touched program runs");
        }
    }

    @Test
    void contentModeComparesDigestsNotTimes() throws Exception {
        try (Grid grid = Grid.start(folder, 4, 2)) {
            Path data = grid.sharedFile("c/in.txt", "1 2 3\n");
            Path program = grid.sharedFile("c/sum.py", "import os\nprint(sum(map(int, open(os.environ['TASKGRID_DATA']).read().split())))\n");
            FileTime time = Files.getLastModifiedTime(data);
            JsonNode first = grid.json("submit", program.toString(), "--data", "c/in.txt", "--dedup", "content", "--wait");
            assertEquals("SUCCEEDED", state(first));

            Files.setLastModifiedTime(data, FileTime.fromMillis(time.toMillis() + 60_000)); // copied again: new time, same bytes
            JsonNode sameBytes = grid.json("submit", program.toString(), "--data", "c/in.txt", "--dedup", "content");
            assertEquals("DUPLICATE", state(sameBytes), "content mode ignores times");
            assertEquals(id(first), sameBytes.get("duplicateOf").asLong());

            JsonNode metadata = grid.json("submit", program.toString(), "--data", "c/in.txt", "--wait");
            assertEquals("SUCCEEDED", state(metadata), "the metadata mode has not seen these times before");

            Files.writeString(data, "4 5 6\n"); // same size, and the same time as before:
            Files.setLastModifiedTime(data, FileTime.fromMillis(time.toMillis() + 60_000));
            assertEquals("DUPLICATE", state(grid.json("submit", program.toString(), "--data", "c/in.txt")),
                    "metadata mode cannot see a change that keeps size and time");
            JsonNode changed = grid.json("submit", program.toString(), "--data", "c/in.txt", "--dedup", "content", "--wait");
            assertEquals("SUCCEEDED", state(changed), "content mode sees it");
            assertEquals("15", changed.get("output").asText().strip());

            Path inline = Files.writeString(folder.resolve("local.py"), "print('inline')\n");
            assertEquals("SUCCEEDED", state(grid.json("submit", inline.toString(), "--wait")));
            assertEquals("DUPLICATE", state(grid.json("submit", inline.toString())), "an inline program is compared by its bytes");
        }
    }

    @Test
    void aTaskThatReadsSlowlyShowsGrowingBytesReadBeforeItEnds() throws Exception {
        try (Grid grid = Grid.start(folder, 4, 2)) {
            Files.write(grid.shared.resolve("big.bin"), new byte[2 * 1024 * 1024]);
            Path program = grid.sharedFile("slow/read.py", String.join("\n",
                    "import os, time",
                    "with open(os.environ['TASKGRID_DATA'], 'rb', buffering=0) as f:",
                    "    while f.read(128 * 1024):",
                    "        time.sleep(0.3)",
                    "print('done')", ""));
            long id = id(grid.json("submit", program.toString(), "--data", "big.bin"));
            List<Long> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            JsonNode task = grid.json("show", Long.toString(id));
            while (!state(task).equals("SUCCEEDED") && System.nanoTime() < deadline) {
                if (state(task).equals("RUNNING") && !task.get("bytesRead").isNull()) {
                    long read = task.get("bytesRead").asLong();
                    if (seen.isEmpty() || read > seen.get(seen.size() - 1)) {
                        seen.add(read);
                    }
                    assertTrue(task.get("cpuSeconds").asDouble() >= 0 && task.get("memoryBytes").asLong() > 0, task.toString());
                }
                Thread.sleep(250);
                task = grid.json("show", Long.toString(id));
            }
            assertEquals("SUCCEEDED", state(task), "the task ends within 30 s: " + task);
            assertTrue(seen.size() >= 3, "bytesRead grew at least three times while it ran: " + seen);
            assertTrue(task.get("bytesRead").asLong() >= 2 * 1024 * 1024, "the final figure counts the whole file: " + task);
            JsonNode agent = grid.json("agents").get(0);
            assertTrue(agent.has("cpuLoad"), agent.toString());
        }
    }

    @Test
    void aReportIsMailedWhenATaskEndsAndShowSaysSo() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
        smtp.start();
        try (Grid grid = Grid.startWithMail(folder, MailSettings.smtp("127.0.0.1", smtp.getSmtp().getPort(),
                MailSettings.Security.NONE, null, null, "grid@example.org"), 4, 2)) {
            Path program = grid.sharedFile("m/fail.py", "import sys\nprint('starting')\nsys.exit('bad input')\n");
            JsonNode task = grid.json("submit", program.toString(), "--email", "ann@example.org", "--wait");
            assertEquals("FAILED", state(task));
            assertTrue(smtp.waitForIncomingEmail(20_000, 1), "a report arrives");
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertEquals("[TaskGrid] X Task " + id(task) + " FAILED: m/fail.py (default)", m.getSubject());
            String shown = awaitShown(grid, id(task), "sent to ann@example.org");
            assertTrue(shown.contains("mail report   sent to ann@example.org through 127.0.0.1:"), shown);

            CliResult bad = grid.run("submit", program.toString(), "--email", "ann at example");
            assertEquals(2, bad.exitCode(), bad.toString());
            assertTrue(bad.err().contains("The e-mail address 'ann at example' is not valid"), bad.toString());
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aSilentMailServerDoesNotHoldTheTaskAndTheFailureIsRecorded() throws Exception {
        try (ServerSocket silent = new ServerSocket(0);
             Grid grid = Grid.startWithMail(folder, MailSettings.smtp("127.0.0.1", silent.getLocalPort(), MailSettings.Security.NONE,
                     null, null, null).withRetries(2, Duration.ofMillis(100), Duration.ofSeconds(3)), 4, 2)) {
            Path program = grid.sharedFile("m/ok.py", "print('ok')\n");
            JsonNode task = grid.json("submit", program.toString(), "--email", "ann@example.org", "--wait");
            assertEquals("SUCCEEDED", state(task));
            assertTrue(task.get("mailStatus").isNull(), "the task ended while its report still waits for the server: " + task);
            String shown = awaitShown(grid, id(task), "not sent");
            assertTrue(shown.contains("not sent to ann@example.org after 2 attempts"), shown);
        }
    }

    @Test
    void withoutSmtpTheReportIsAnEmlFileInTheOutbox() throws Exception {
        try (Grid grid = Grid.start(folder, 4, 2)) {
            assertTrue(grid.controller().mailDestination().contains(grid.data.resolve("outbox").toString()));
            Path program = grid.sharedFile("m/hi.py", "print('hi')\n");
            JsonNode task = grid.json("submit", program.toString(), "--email", "ann@example.org", "--wait");
            String shown = awaitShown(grid, id(task), "written to");
            Path eml = grid.data.resolve("outbox").resolve("task-" + id(task) + ".eml");
            assertTrue(shown.contains("written to " + eml), shown);
            assertTrue(Files.readString(eml).contains("Subject: =?UTF-8?"), "an RFC 822 message with an encoded subject");
        }
    }

    private static String awaitShown(Grid grid, long id, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String out = "";
        while (System.nanoTime() < deadline) {
            out = grid.run("show", Long.toString(id)).out();
            if (out.contains(text)) {
                return out;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("show " + id + " did not say '" + text + "' within 30 s:\n" + out);
    }
}

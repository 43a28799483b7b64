package io.taskgrid.agent.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputPumpTest {

    @Test
    void keepsShortOutputWhole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stdout.txt");
        OutputPump.Result r = new OutputPump(new ByteArrayInputStream("héllo\n".getBytes(StandardCharsets.UTF_8)), file, 1000).call();
        assertEquals("héllo\n", r.excerpt());
        assertEquals("héllo\n", Files.readString(file));
        assertFalse(r.capped());
    }

    @Test
    void capsTheFileButDrainsEverythingAndKeepsTheTail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stdout.txt");
        long total = 5L * 1024 * 1024 + 7;
        InputStream lines = new InputStream() {
            long sent;

            @Override
            public int read() {
                if (sent >= total) {
                    return -1;
                }
                return (int) ('0' + (sent++ % 10));
            }
        };
        OutputPump.Result r = new OutputPump(lines, file, 1024 * 1024).call();
        assertEquals(total, r.totalBytes());
        assertEquals(1024 * 1024, Files.size(file));
        assertTrue(r.capped());
        assertTrue(r.excerpt().startsWith("[… "), r.excerpt().substring(0, 40));
        assertTrue(r.excerpt().getBytes(StandardCharsets.UTF_8).length <= 64 * 1024);
        // the tail ends with the last digits sent: byte total-1 is '0' + (total-1) % 10
        char last = (char) ('0' + ((total - 1) % 10));
        assertEquals(last, r.excerpt().charAt(r.excerpt().length() - 1));
        StringBuilder expected = new StringBuilder();
        for (long i = total - OutputPump.EXCERPT_BYTES; i < total; i++) {
            expected.append((char) ('0' + i % 10));
        }
        String tail = r.excerpt().substring(r.excerpt().indexOf('\n') + 1);
        assertEquals(expected.toString(), tail);
    }

    @Test
    void theExcerptIsTheWholeOutputOrItsTailWhateverTheChunksAndTotals(@TempDir Path dir) throws Exception {
        int[] chunks = {1, 7, 300, 4096, OutputPump.BUFFER, 13};
        for (int total : new int[]{0, 5, OutputPump.EXCERPT_BYTES - 1, OutputPump.EXCERPT_BYTES, OutputPump.EXCERPT_BYTES + 1,
                3 * OutputPump.EXCERPT_BYTES + 5}) {
            byte[] all = new byte[total];
            for (int i = 0; i < total; i++) {
                all[i] = (byte) ('a' + (i * 7 + i / 26) % 26);
            }
            Path file = dir.resolve("out-" + total + ".txt");
            OutputPump.Result r;
            try (OutputPump.Sink sink = new OutputPump.Sink(file, Long.MAX_VALUE)) {
                byte[] buffer = new byte[OutputPump.BUFFER];
                for (int sent = 0, c = 0; sent < total; c++) {
                    int n = Math.min(chunks[c % chunks.length], total - sent);
                    System.arraycopy(all, sent, buffer, 0, n);
                    sink.accept(buffer, n);
                    sent += n;
                }
                r = sink.result();
            }
            String expected = new String(all, StandardCharsets.US_ASCII);
            if (total <= OutputPump.EXCERPT_BYTES) {
                assertEquals(expected, r.excerpt(), "total " + total);
            } else {
                String tail = r.excerpt().substring(r.excerpt().indexOf('\n') + 1);
                assertEquals(expected.substring(total - OutputPump.EXCERPT_BYTES), tail, "total " + total);
            }
            assertEquals(expected, Files.readString(file, StandardCharsets.US_ASCII));
        }
    }
}

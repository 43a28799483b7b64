package io.taskgrid.agent.execution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * Drains one output stream of a process into a file, keeping at most {@code cap} bytes on disk and
 * draining (discarding) the rest, so that the program never blocks on a full pipe and a flood of output
 * never reaches the heap. The last {@link #EXCERPT_BYTES} bytes are kept in a ring for the excerpt.
 */
final class OutputPump implements Callable<OutputPump.Result> {
    static final int EXCERPT_BYTES = 60 * 1024;
    static final int BUFFER = 16 * 1024;

    /** What a pump saw: bytes in total, bytes kept on disk, and the tail as text (marked when cut). */
    record Result(long totalBytes, long keptBytes, String excerpt) {
        boolean capped() {
            return keptBytes < totalBytes;
        }
    }

    private final InputStream in;
    private final Path file;
    private final long cap;

    OutputPump(InputStream in, Path file, long cap) {
        this.in = in;
        this.file = file;
        this.cap = cap;
    }

    @Override
    public Result call() throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (InputStream source = in; Sink sink = new Sink(file, cap)) {
            int n;
            while ((n = source.read(buffer)) >= 0) {
                sink.accept(buffer, n);
            }
            return sink.result();
        }
    }

    /**
     * The same keeping for output that arrives in chunks from elsewhere (the slot thread's own poll loop over a
     * spawned program's pipes): at most {@code cap} bytes on disk, the last {@link #EXCERPT_BYTES} in a ring.
     */
    static final class Sink implements java.io.Closeable {
        private final OutputStream out;
        private final long cap;
        private final String fileName;
        /**
         * Grows up to {@link #EXCERPT_BYTES} as output comes: most programs write a few lines, and a full ring for each
         * stream of each task was an allocation (and a clearing) of 120 KB per task.
         */
        private byte[] ring = new byte[0];
        private long total;
        private long kept;

        Sink(Path file, long cap) throws IOException {
            this.out = ResultStore.openStreamFile(file); // 0640, never through a link
            this.cap = cap;
            this.fileName = file.getFileName().toString();
        }

        /** Takes {@code n} bytes from the start of {@code buffer} ({@code n} at most {@link #BUFFER}). */
        void accept(byte[] buffer, int n) throws IOException {
            if (kept < cap) {
                int keep = (int) Math.min(n, cap - kept);
                out.write(buffer, 0, keep);
                kept += keep;
            }
            int needed = (int) Math.min(EXCERPT_BYTES, total + n);
            if (ring.length < needed) {
                // Doubling keeps the copies few; until the ring is full it holds the output from its first byte on,
                // exactly where a full-size ring would.
                ring = Arrays.copyOf(ring, (int) Math.min(EXCERPT_BYTES, Math.max(needed, 2L * ring.length)));
            }
            int start = (int) (total % EXCERPT_BYTES);
            int first = Math.min(n, EXCERPT_BYTES - start);
            // BUFFER < EXCERPT_BYTES: a chunk wraps around the ring at most once.
            System.arraycopy(buffer, 0, ring, start, first);
            if (first < n) {
                System.arraycopy(buffer, first, ring, 0, n - first);
            }
            total += n;
        }

        Result result() {
            return new Result(total, kept, excerpt(ring, total, fileName));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static String excerpt(byte[] ring, long total, String fileName) {
        if (total <= EXCERPT_BYTES) {
            return decode(ring, 0, (int) total);
        }
        byte[] ordered = new byte[EXCERPT_BYTES];
        int start = (int) (total % EXCERPT_BYTES);
        System.arraycopy(ring, start, ordered, 0, EXCERPT_BYTES - start);
        System.arraycopy(ring, 0, ordered, EXCERPT_BYTES - start, start);
        int from = 0;
        while (from < ordered.length && (ordered[from] & 0xC0) == 0x80) {
            from++; // do not start in the middle of a UTF-8 character
        }
        return "[… " + (total - EXCERPT_BYTES + from) + " earlier bytes not shown; see " + fileName + " …]\n"
                + decode(ordered, from, ordered.length - from);
    }

    private static String decode(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }
}

package io.taskgrid.client.output;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of one output file into text piece by piece, as they arrive: a character cut between two pieces
 * waits for its other bytes, and bytes that are not UTF-8 become U+FFFD instead of stopping the reader. Not
 * thread-safe: one per stream.
 */
final class TextDecoder {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] pending = new byte[0];

    /** The text of {@code bytes} after what came before; the bytes of a character not yet complete are kept. */
    String decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.allocate(pending.length + bytes.length).put(pending).put(bytes).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1); // UTF-8 never gives more chars than bytes
        decoder.decode(in, out, false);
        pending = new byte[in.remaining()];
        in.get(pending);
        return out.flip().toString();
    }

    /** The end of the stream: a character left incomplete becomes U+FFFD; the decoder starts afresh. */
    String finish() {
        ByteBuffer in = ByteBuffer.wrap(pending);
        CharBuffer out = CharBuffer.allocate(pending.length + 2);
        decoder.decode(in, out, true);
        decoder.flush(out);
        decoder.reset();
        pending = new byte[0];
        return out.flip().toString();
    }
}

package io.taskgrid.policy.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Raw TCP connections an attacker opens to a port from one local address, without a thread each: idle ones, and
 * slow ones that send the start of a protocol and then one byte at a time. Knows which of them the server has closed.
 * Shared by the policy, controller and agent tests (the policy's test jar).
 */
public final class ConnectionFlood implements AutoCloseable {
    /** What each connection sends first, and then a byte at a time when {@link #trickle trickled}. */
    public enum Opening {
        /** Nothing at all. */
        IDLE(new byte[0], (byte) 0, (byte) 0),
        /** RMI's stream header ("JRMI", version 2, the stream protocol), then a 32 kB host name that never ends. */
        RMI(new byte[] {0x4a, 0x52, 0x4d, 0x49, 0x00, 0x02, 0x4b}, (byte) 0x7f, (byte) 'a'),
        /** The header of a TLS record that announces a 256-byte handshake message, then its bytes one by one. */
        TLS(new byte[] {0x16, 0x03, 0x01, 0x01, 0x00}, (byte) 0x01, (byte) 0x01);

        private final byte[] first;
        private final byte firstTrickle;
        private final byte laterTrickle;

        Opening(byte[] first, byte firstTrickle, byte laterTrickle) {
            this.first = first;
            this.firstTrickle = firstTrickle;
            this.laterTrickle = laterTrickle;
        }
    }

    private final Opening opening;

    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final Set<SocketChannel> ended = new HashSet<>();
    private final String from;
    private long lastTrickle;
    private boolean trickled;

    private ConnectionFlood(Selector selector, String from, Opening opening) {
        this.selector = selector;
        this.from = from;
        this.opening = opening;
    }

    /** {@code count} connections from {@code from} (a loopback address such as 127.0.0.2) to {@code port}. */
    public static ConnectionFlood open(String from, int port, int count, Opening opening) throws IOException {
        ConnectionFlood flood = new ConnectionFlood(Selector.open(), from, opening);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open();
                flood.channels.add(channel);
                channel.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                channel.write(ByteBuffer.wrap(opening.first));
                channel.configureBlocking(false);
                channel.register(flood.selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            flood.close();
            throw e;
        }
        return flood;
    }

    public String from() {
        return from;
    }

    /**
     * Sends one more byte on every connection the server has not closed, at most once a second (a slowloris step):
     * what {@link Opening} says.
     */
    public void trickle() {
        long now = System.nanoTime();
        if (trickled && now - lastTrickle < 1_000_000_000L) {
            return;
        }
        byte next = trickled ? opening.laterTrickle : opening.firstTrickle;
        trickled = true;
        lastTrickle = now;
        for (SocketChannel channel : channels) {
            if (!ended.contains(channel)) {
                try {
                    channel.write(ByteBuffer.wrap(new byte[] {next}));
                } catch (IOException broken) {
                    end(channel);
                }
            }
        }
    }

    /** How many connections the server has closed (end of stream or reset), after reading what is there now. */
    public int closedByServer() throws IOException {
        selector.selectNow();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel channel = (SocketChannel) key.channel();
            try {
                int n;
                do {
                    buffer.clear();
                    n = channel.read(buffer);
                } while (n > 0);
                if (n < 0) {
                    end(channel);
                }
            } catch (IOException reset) {
                end(channel);
            }
        }
        selector.selectedKeys().clear();
        return ended.size();
    }

    private void end(SocketChannel channel) {
        if (ended.add(channel)) {
            try {
                channel.close();
            } catch (IOException e) {
                // closed is closed
            }
        }
    }

    public int size() {
        return channels.size();
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }
}

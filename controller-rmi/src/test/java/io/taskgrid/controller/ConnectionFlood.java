package io.taskgrid.controller;

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
 * slow ones that send RMI's header and then one byte at a time. Knows which of them the server has closed.
 */
final class ConnectionFlood implements AutoCloseable {
    /** RMI's stream header: "JRMI", version 2, the stream protocol. */
    static final byte[] JRMP_HEADER = {0x4a, 0x52, 0x4d, 0x49, 0x00, 0x02, 0x4b};

    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final Set<SocketChannel> ended = new HashSet<>();
    private final String from;
    private long lastTrickle;
    private boolean trickled;

    private ConnectionFlood(Selector selector, String from) {
        this.selector = selector;
        this.from = from;
    }

    /** {@code count} connections from {@code from} (a loopback address such as 127.0.0.2) to {@code port}. */
    static ConnectionFlood open(String from, int port, int count, boolean slow) throws IOException {
        ConnectionFlood flood = new ConnectionFlood(Selector.open(), from);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open();
                flood.channels.add(channel);
                channel.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                if (slow) {
                    channel.write(ByteBuffer.wrap(JRMP_HEADER));
                }
                channel.configureBlocking(false);
                channel.register(flood.selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            flood.close();
            throw e;
        }
        return flood;
    }

    String from() {
        return from;
    }

    /**
     * Sends one more byte on every connection the server has not closed, at most once a second (a slowloris step):
     * the start of a 32 kB host name, which RMI reads after its header, so the server keeps waiting for more.
     */
    void trickle() {
        long now = System.nanoTime();
        if (trickled && now - lastTrickle < 1_000_000_000L) {
            return;
        }
        byte next = trickled ? (byte) 'a' : 0x7f;
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
    int closedByServer() throws IOException {
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

    int size() {
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

package io.taskgrid.policy.transport;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An accepted connection as RMI sees it: the real socket (plain or TLS) behind, plus what {@link ConnectionGuard}
 * needs. It tells whether the first call is done: RMI answers a new connection's header first, then reads the first
 * call and answers it, so a write that follows fresh bytes after an earlier write means a whole call came in. Until
 * then the guard's deadline counts whenever the server waits on the caller (reading, or writing to a caller that
 * does not read). Closing gives the guard back its slot, once. Everything else is the real socket's, so
 * {@code RemoteServer.getClientHost()} still names the caller.
 */
final class GuardedSocket extends DelegatingSocket {
    /** Where a connection stands with its first call, for the guard's deadline. */
    enum FirstCall {
        /** The server waits on the caller: past the deadline this connection is closed. */
        WAITING_FOR_CALLER,
        /** The server works (on the call, or between two reads). */
        SERVING,
        /** The first call was answered: RMI's own timeouts apply from here. */
        DONE,
        CLOSED
    }

    private final ConnectionGuard guard;
    private final InetAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int idleReadTimeoutMillis;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean wrote;
    private volatile boolean readSinceWrite;
    private volatile boolean firstCallDone;
    private volatile Future<?> deadlineCheck;
    private InputStream in;
    private OutputStream out;

    GuardedSocket(Socket socket, ConnectionGuard guard) throws SocketException {
        super(socket);
        this.guard = guard;
        this.address = socket.getInetAddress();
        this.idleReadTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, guard.limits().idleReadTimeout().toMillis());
        try {
            socket.setSoTimeout(idleReadTimeoutMillis);
        } catch (SocketException e) {
            // closed already: the first read says so
        }
    }

    FirstCall firstCallState() {
        if (closed.get() || socket.isClosed()) {
            return FirstCall.CLOSED;
        }
        if (firstCallDone) {
            return FirstCall.DONE;
        }
        return waiting.get() > 0 ? FirstCall.WAITING_FOR_CALLER : FirstCall.SERVING;
    }

    void deadlineCheck(Future<?> check) {
        this.deadlineCheck = check;
        if (closed.get()) {
            check.cancel(false);
        }
    }

    private void startWaiting() {
        waiting.incrementAndGet();
    }

    private void stopWaiting() {
        waiting.decrementAndGet();
    }

    private void read(int bytes) {
        if (bytes > 0 && wrote) {
            readSinceWrite = true;
        }
    }

    private void beforeWrite() {
        if (!firstCallDone && wrote && readSinceWrite) {
            firstCallDone = true;
            Future<?> check = deadlineCheck;
            if (check != null) {
                check.cancel(false);
            }
        }
        wrote = true;
        readSinceWrite = false;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            startWaiting(); // a TLS socket may shake hands here
            try {
                in = new Input(socket.getInputStream());
            } finally {
                stopWaiting();
            }
        }
        return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (out == null) {
            startWaiting();
            try {
                out = new Output(socket.getOutputStream());
            } finally {
                stopWaiting();
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            Future<?> check = deadlineCheck;
            if (check != null) {
                check.cancel(false);
            }
            guard.release(address);
        }
        socket.close();
    }

    /** RMI sets its read timeout (2 h by default) here; a connection waits no longer than the guard's idle limit. */
    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        socket.setSoTimeout(timeout == 0 || timeout > idleReadTimeoutMillis ? idleReadTimeoutMillis : timeout);
    }

    private final class Input extends FilterInputStream {
        Input(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            startWaiting();
            try {
                int b = super.read();
                GuardedSocket.this.read(b < 0 ? 0 : 1);
                return b;
            } finally {
                stopWaiting();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            startWaiting();
            try {
                int n = super.read(b, off, len);
                GuardedSocket.this.read(n);
                return n;
            } finally {
                stopWaiting();
            }
        }

        @Override
        public long skip(long n) throws IOException {
            startWaiting();
            try {
                long skipped = super.skip(n);
                GuardedSocket.this.read((int) Math.min(1, skipped));
                return skipped;
            } finally {
                stopWaiting();
            }
        }
    }

    private final class Output extends FilterOutputStream {
        Output(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            beforeWrite();
            startWaiting();
            try {
                out.write(b);
            } finally {
                stopWaiting();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeWrite();
            startWaiting();
            try {
                out.write(b, off, len);
            } finally {
                stopWaiting();
            }
        }

        @Override
        public void flush() throws IOException {
            startWaiting();
            try {
                out.flush();
            } finally {
                stopWaiting();
            }
        }
    }
}

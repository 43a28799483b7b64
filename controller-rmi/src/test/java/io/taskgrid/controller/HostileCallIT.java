package io.taskgrid.controller;

import io.taskgrid.policy.transport.Waits;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.HistoryQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.ObjID;
import java.rmi.server.RemoteObject;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding 5 of issue 18: a JRMP call written by hand whose first argument, where the controller expects a
 * {@code ClientHello}, declares a {@code long[]} of 16 MB and sends a few bytes of it, then waits. Before the filter
 * looked at array types, each such connection held 16 MB before any password was checked.
 */
class HostileCallIT {
    private static final int CALLS = 10;
    private static final int DECLARED_LONGS = 2 * 1024 * 1024;

    @TempDir
    Path data;
    @TempDir
    Path shared;
    private ControllerServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDeclaredArrayIsRefusedBeforeItCostsMemoryAndTheServiceKeepsWorking() throws Exception {
        server = ControllerServer.start(new ControllerConfig(0, data, shared, 4, null, null), ControllerSecurity.none());
        ControllerService controller = (ControllerService) LocateRegistry.getRegistry("127.0.0.1", server.port())
                .lookup(ControllerService.REGISTRY_NAME);
        byte[] call = hostileOpenSession(controller);
        long before = usedHeapAfterGc();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CALLS; i++) {
                sockets.add(send(server.port(), call));
            }
            long[] growth = new long[1];
            Waits.until(Duration.ofSeconds(20), () -> {
                growth[0] = usedHeapAfterGc() - before;
                return growth[0] > 64L * 1024 * 1024 || sockets.stream().allMatch(HostileCallIT::answered);
            }, "the controller to answer the hostile calls");
            assertTrue(growth[0] < 16L * 1024 * 1024, CALLS + " connections each declaring a long[" + DECLARED_LONGS
                    + "] grew the heap by " + growth[0] / 1024 + " kB");
            for (Socket socket : sockets) {
                assertEquals(0x51, socket.getInputStream().read(), "a return (the filter's refusal), not a wait for more");
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        ClientSession session = controller.openSession(new ClientHello("me", ClientKind.SCRIPT, null), null);
        assertNotNull(session.history(HistoryQuery.newest(5)));
        session.close();
    }

    private static boolean answered(Socket socket) {
        try {
            return socket.getInputStream().available() > 0;
        } catch (IOException e) {
            return true; // closed by the server: not waiting either
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Opens a connection, speaks JRMP's stream protocol and sends {@code call}, leaving the connection open. */
    private static Socket send(int port, byte[] call) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(0x4a524d49); // "JRMI"
        out.writeShort(2);
        out.writeByte(0x4b); // stream protocol
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        assertEquals(0x4e, in.readUnsignedByte(), "protocol acknowledged");
        in.readUTF();
        in.readInt();
        out.writeUTF("127.0.0.1");
        out.writeInt(0);
        out.write(call);
        out.flush();
        return socket;
    }

    /** Call 0x50, the service's object id, the method hash of openSession, then the array instead of a hello. */
    private static byte[] hostileOpenSession(ControllerService stub) throws Exception {
        Method openSession = ControllerService.class.getMethod("openSession", io.taskgrid.api.client.ClientHello.class,
                io.taskgrid.api.client.ClientCallback.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0x50);
        try (ObjectOutputStream out = new RmiObjectOutput(bytes)) {
            objectId(stub).write(out);
            out.writeInt(-1); // methods by hash
            out.writeLong(methodHash(openSession));
            out.writeObject(new long[] {7L}); // its length is made 2M below
        }
        byte[] call = bytes.toByteArray();
        // The stream ends with the array: its length (4 bytes), then its one element (8 bytes).
        int lengthAt = call.length - 12;
        assertEquals(1, new DataInputStream(new ByteArrayInputStream(call, lengthAt, 4)).readInt());
        byte[] hostile = new byte[call.length - 8 + 16];
        System.arraycopy(call, 0, hostile, 0, lengthAt);
        hostile[lengthAt] = (byte) (DECLARED_LONGS >>> 24);
        hostile[lengthAt + 1] = (byte) (DECLARED_LONGS >>> 16);
        hostile[lengthAt + 2] = (byte) (DECLARED_LONGS >>> 8);
        hostile[lengthAt + 3] = (byte) DECLARED_LONGS;
        return hostile; // 2 longs (16 zero bytes) of the 2M declared follow
    }

    /**
     * The object id inside a stub: its reference writes its endpoint (a format byte first for a UnicastRef2, the
     * kind exported with socket factories; then host and port, and the client socket factory if there is one),
     * then the id.
     */
    private static ObjID objectId(Object stub) throws Exception {
        RemoteObject handler = (RemoteObject) Proxy.getInvocationHandler(stub);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            handler.getRef().writeExternal(out);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            int format = handler.getRef().getRefClass(null).equals("UnicastRef2") ? in.readByte() : 0;
            in.readUTF();
            in.readInt();
            if (format == 1) {
                in.readObject();
            }
            return ObjID.read(in);
        }
    }

    /** RMI's hash of a method: the first 8 bytes of SHA-1 over its name and descriptor, low byte first. */
    private static long methodHash(Method method) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-1");
        try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
            out.writeUTF(method.getName() + MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                    .toMethodDescriptorString());
        }
        byte[] digest = sha.digest();
        long hash = 0;
        for (int i = 0; i < 8; i++) {
            hash += (long) (digest[i] & 0xFF) << (i * 8);
        }
        return hash;
    }

    /** An object stream as RMI writes one: every class description is followed by its code base (none here). */
    private static final class RmiObjectOutput extends ObjectOutputStream {
        RmiObjectOutput(OutputStream out) throws IOException {
            super(out);
        }

        @Override
        protected void annotateClass(Class<?> type) throws IOException {
            writeObject(null);
        }
    }
}

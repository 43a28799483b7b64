package io.taskgrid.launcher;

import io.taskgrid.api.ControllerService;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import io.taskgrid.api.agent.TaskAssignment;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.rmi.ssl.SslRMIServerSocketFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.UnicastRemoteObject;
import java.security.KeyStore;
import java.util.List;

/**
 * A hand-written attacker who holds a key the grid's CA signed, but not the right one: it speaks TLS with the
 * JDK's own trust manager (no role checks) and prints what happened, one word first (REGISTERED, REFUSED,
 * ACCEPTED, RECEIVED). Run in its own JVM by {@link CertificateRolesIT}, since the default SSL context is per JVM.
 * <ul>
 *   <li>{@code register KEYSTORE TRUSTSTORE PASSWORD HOST PORT AGENT_ID}: registers a fake agent under that id;</li>
 *   <li>{@code handshake KEYSTORE TRUSTSTORE PASSWORD HOST PORT}: a TLS connection and an RMI greeting;</li>
 *   <li>{@code impostor KEYSTORE TRUSTSTORE PASSWORD}: poses as a controller and counts the bytes a client sends it.</li>
 * </ul>
 */
public final class RogueTls {
    private RogueTls() {
    }

    public static void main(String[] args) throws Exception {
        SSLContext context = context(Path.of(args[1]), Path.of(args[2]), args[3].toCharArray());
        SSLContext.setDefault(context);
        switch (args[0]) {
            case "register" -> register(args[4], Integer.parseInt(args[5]), args[6]);
            case "handshake" -> handshake(context, args[4], Integer.parseInt(args[5]));
            case "impostor" -> impostor(context);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void register(String host, int port, String agentId) {
        AgentService fake = new AgentService() {
            @Override
            public void execute(TaskAssignment assignment) {
                System.out.println("EXECUTED " + assignment.taskId());
            }

            @Override
            public boolean cancel(long taskId, long token, String reason) {
                return false;
            }
        };
        try {
            AgentService stub = (AgentService) UnicastRemoteObject.exportObject(fake, 0, new SslRMIClientSocketFactory(),
                    new SslRMIServerSocketFactory(null, new String[] {"TLSv1.3"}, true));
            ControllerService controller = (ControllerService) LocateRegistry.getRegistry(host, port, new SslRMIClientSocketFactory())
                    .lookup(ControllerService.REGISTRY_NAME);
            controller.registerAgent(new AgentRegistration(agentId, "rogue", 2, List.of(), Version.PROTOCOL, List.of()), stub);
            System.out.println("REGISTERED as " + agentId);
        } catch (Exception e) {
            System.out.println("REFUSED: " + e);
        }
    }

    private static void handshake(SSLContext context, String host, int port) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {'J', 'R', 'M', 'I', 0, 2, 0x4b});
            out.flush();
            int ack = socket.getInputStream().read();
            System.out.println(ack == 0x4e ? "ACCEPTED" : "REFUSED: answer " + ack);
        } catch (Exception e) {
            System.out.println("REFUSED: " + e);
        }
    }

    private static void impostor(SSLContext context) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0)) {
            System.out.println("LISTENING " + server.getLocalPort());
            System.out.flush();
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(20_000);
                long received = 0;
                try {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[4096];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        received += n;
                    }
                } catch (Exception e) {
                    System.out.println("CLOSED: " + e);
                }
                System.out.println("RECEIVED " + received);
            }
        }
    }

    private static SSLContext context(Path keystore, Path truststore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            trust.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}

package io.taskgrid.policy.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.server.UnicastRemoteObject;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Finding 4 of issue 18 in TLS mode: a connection that starts a TLS handshake and then sends a byte a second is
 * closed at the first-call deadline (the handshake runs inside it), while a caller with a key is served.
 */
class GuardedTlsIT {
    private static final char[] PASSWORD = "guarded-tls-1".toCharArray();
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    /** What the test exports. */
    public interface Echo extends Remote {
        String echo(String text) throws RemoteException;
    }

    @TempDir
    Path dir;

    @Test
    void aSlowHandshakeIsClosedAtTheDeadlineWhileAKeyHolderIsServed() throws Exception {
        // One key for both ends, with a role in its subject as `taskgrid tls init` writes it (OU=taskgrid-client).
        Path keystore = dir.resolve("key.p12");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1, OU=taskgrid-client",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        keytool("-exportcert", "-alias", "host", "-keystore", keystore.toString(), "-storepass", new String(PASSWORD),
                "-file", dir.resolve("host.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "host", "-file", dir.resolve("host.cer").toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        RmiTransport transport = RmiTransport.tls(context(keystore, truststore))
                .withLimits(new ConnectionLimits(DEADLINE, 64, 512, Duration.ofMinutes(2)));
        Echo echo = text -> "echo " + text;
        int port = freePort();
        Echo stub = transport.export(echo, port);
        try (ConnectionFlood slow = ConnectionFlood.open("127.0.0.2", port, 10, ConnectionFlood.Opening.TLS)) {
            assertEquals("echo hi", stub.echo("hi"), "a caller with a key is served meanwhile");
            Waits.until(DEADLINE.plusSeconds(8), () -> {
                slow.trickle();
                return slow.closedByServer() == slow.size();
            }, "the server to close every slow handshake after the first-call deadline");
            assertEquals("echo again", stub.echo("again"));
        } finally {
            UnicastRemoteObject.unexportObject(echo, true);
        }
    }

    /** A TLS 1.3 context of the JDK's own key and trust managers (the guard does not care about roles). */
    private static SSLContext context(Path keystore, Path truststore) throws Exception {
        KeyStore keys = KeyStore.getInstance(keystore.toFile(), PASSWORD);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(KeyStore.getInstance(truststore.toFile(), PASSWORD));
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("keytool " + String.join(" ", arguments) + " failed");
        }
    }
}

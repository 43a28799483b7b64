package io.taskgrid.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA made with the JDK's keytool (run as a process; passwords passed through its environment, never
 * on its command line): EC P-256 keys, host certificates with the host's name or address as subject alternative
 * name, usable by servers and clients alike (mutual TLS).
 */
final class CertificateAuthority {
    static final String CA_FILE = "ca.p12";
    static final String TRUSTSTORE_FILE = "truststore.p12";
    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final String PASSWORD_VARIABLE = "TASKGRID_KEYTOOL_PASSWORD";

    /** keytool failed; the message holds its output. */
    static final class KeytoolException extends Exception {
        private static final long serialVersionUID = 1L;

        KeytoolException(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final String password;

    private CertificateAuthority(Path dir, char[] password) {
        this.dir = dir;
        this.password = new String(password);
    }

    static CertificateAuthority create(Path dir, char[] password) throws IOException, InterruptedException, KeytoolException {
        Files.createDirectories(dir);
        CertificateAuthority ca = new CertificateAuthority(dir, password);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=TaskGrid CA",
                "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", "-validity", "3650", "-keystore", ca.caFile().toString(),
                "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE);
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caFile().toString(), "-storepass:env", PASSWORD_VARIABLE,
                "-file", ca.caPem().toString());
        ca.keytool("-importcert", "-noprompt", "-alias", "taskgrid-ca", "-file", ca.caPem().toString(), "-keystore",
                ca.truststore().toString(), "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE);
        ownerOnly(ca.caFile());
        return ca;
    }

    Path caFile() {
        return dir.resolve(CA_FILE);
    }

    Path truststore() {
        return dir.resolve(TRUSTSTORE_FILE);
    }

    private Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** Makes {@code DIR/HOST.p12}: the host's key, its certificate signed by this CA, and the CA certificate. */
    Path issue(String host, int days) throws IOException, InterruptedException, KeytoolException {
        Path keystore = dir.resolve(host + ".p12");
        Path csr = dir.resolve(host + ".csr");
        Path pem = dir.resolve(host + ".pem");
        String san = (host.matches("[0-9.]+") || host.contains(":") ? "ip:" : "dns:") + host;
        keytool("-genkeypair", "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host,
                "-validity", Integer.toString(days), "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass:env", PASSWORD_VARIABLE);
        keytool("-certreq", "-alias", "host", "-keystore", keystore.toString(), "-storepass:env", PASSWORD_VARIABLE,
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caFile().toString(), "-storepass:env", PASSWORD_VARIABLE,
                "-infile", csr.toString(), "-outfile", pem.toString(), "-validity", Integer.toString(days),
                "-ext", "SAN=" + san, "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "taskgrid-ca", "-file", caPem().toString(), "-keystore", keystore.toString(),
                "-storepass:env", PASSWORD_VARIABLE);
        keytool("-importcert", "-alias", "host", "-file", pem.toString(), "-keystore", keystore.toString(),
                "-storepass:env", PASSWORD_VARIABLE);
        Files.deleteIfExists(csr);
        Files.deleteIfExists(pem);
        ownerOnly(keystore);
        return keystore;
    }

    private void keytool(String... args) throws IOException, InterruptedException, KeytoolException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put(PASSWORD_VARIABLE, password);
        Process process = pb.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new KeytoolException("keytool " + args[0] + " did not finish within 60 s.");
        }
        if (process.exitValue() != 0) {
            throw new KeytoolException("keytool " + args[0] + " failed: " + output);
        }
        LOG.debug("keytool {}: {}", args[0], output);
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Could not make {} readable by its owner only ({}); do it by hand.", file, e.getMessage());
        }
    }
}

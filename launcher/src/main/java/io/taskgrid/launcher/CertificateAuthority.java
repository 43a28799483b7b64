package io.taskgrid.launcher;

import io.taskgrid.policy.transport.PeerRole;
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
 * on its command line): EC P-256 keys. The CA's key lives in {@code DIR/ca/ca.p12} under a password of its own,
 * apart from the host keystores (which every host's password opens), so copying host keys never copies it. Each
 * certificate carries its role ({@code OU=taskgrid-controller|agent|client}; an agent's common name is its id)
 * and its host's name or address as subject alternative name.
 */
final class CertificateAuthority {
    static final String CA_FOLDER = "ca";
    static final String CA_FILE = "ca.p12";
    static final String TRUSTSTORE_FILE = "truststore.p12";
    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final String CA_PASSWORD_VARIABLE = "TASKGRID_KEYTOOL_CA_PASSWORD";
    private static final String STORE_PASSWORD_VARIABLE = "TASKGRID_KEYTOOL_PASSWORD";

    /** keytool failed; the message holds its output. */
    static final class KeytoolException extends Exception {
        private static final long serialVersionUID = 1L;

        KeytoolException(String message) {
            super(message);
        }
    }

    /** One certificate to issue: its role, its name (an agent's id) and the host it runs on. */
    record Subject(PeerRole role, String name, String host) {
        String file() {
            return role.word() + "-" + name + ".p12";
        }

        String distinguishedName() {
            return "CN=" + name + ", OU=" + role.unit() + ", O=TaskGrid";
        }
    }

    private final Path dir;
    private final String caPassword;
    private final String storePassword;

    private CertificateAuthority(Path dir, char[] caPassword, char[] storePassword) {
        this.dir = dir;
        this.caPassword = new String(caPassword);
        this.storePassword = new String(storePassword);
    }

    /** A new CA in {@code dir} (its key in {@code dir/ca/}) and the truststore every host uses. */
    static CertificateAuthority create(Path dir, char[] caPassword, char[] storePassword)
            throws IOException, InterruptedException, KeytoolException {
        Files.createDirectories(dir);
        CertificateAuthority ca = new CertificateAuthority(dir, caPassword, storePassword);
        Files.createDirectories(ca.caFile().getParent());
        ownerOnly(ca.caFile().getParent(), "rwx------");
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=TaskGrid CA, O=TaskGrid",
                "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign", "-validity", "3650", "-keystore", ca.caFile().toString(),
                "-storetype", "PKCS12", "-storepass:env", CA_PASSWORD_VARIABLE);
        ownerOnly(ca.caFile(), "rw-------");
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caFile().toString(), "-storepass:env", CA_PASSWORD_VARIABLE,
                "-file", ca.caPem().toString());
        ca.keytool("-importcert", "-noprompt", "-alias", "taskgrid-ca", "-file", ca.caPem().toString(), "-keystore",
                ca.truststore().toString(), "-storetype", "PKCS12", "-storepass:env", STORE_PASSWORD_VARIABLE);
        return ca;
    }

    /** The CA made earlier in {@code dir}, to issue more certificates; its password is checked by the first use. */
    static CertificateAuthority open(Path dir, char[] caPassword, char[] storePassword) {
        return new CertificateAuthority(dir, caPassword, storePassword);
    }

    static Path caFile(Path dir) {
        return dir.resolve(CA_FOLDER).resolve(CA_FILE);
    }

    Path caFile() {
        return caFile(dir);
    }

    Path truststore() {
        return dir.resolve(TRUSTSTORE_FILE);
    }

    private Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** Makes {@code DIR/ROLE-NAME.p12}: the key, its certificate signed by this CA, and the CA certificate. */
    Path issue(Subject subject, int days) throws IOException, InterruptedException, KeytoolException {
        Path keystore = dir.resolve(subject.file());
        Path csr = dir.resolve(subject.file() + ".csr");
        Path pem = dir.resolve(subject.file() + ".pem");
        String host = subject.host();
        String san = (host.matches("[0-9.]+") || host.contains(":") ? "ip:" : "dns:") + host;
        try {
            keytool("-genkeypair", "-alias", "host", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject.distinguishedName(),
                    "-validity", Integer.toString(days), "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass:env", STORE_PASSWORD_VARIABLE);
            ownerOnly(keystore, "rw-------");
            keytool("-certreq", "-alias", "host", "-keystore", keystore.toString(), "-storepass:env", STORE_PASSWORD_VARIABLE,
                    "-file", csr.toString());
            keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caFile().toString(), "-storepass:env", CA_PASSWORD_VARIABLE,
                    "-infile", csr.toString(), "-outfile", pem.toString(), "-validity", Integer.toString(days),
                    "-ext", "SAN=" + san, "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth,clientAuth");
            keytool("-importcert", "-noprompt", "-alias", "taskgrid-ca", "-file", caPem().toString(), "-keystore", keystore.toString(),
                    "-storepass:env", STORE_PASSWORD_VARIABLE);
            keytool("-importcert", "-alias", "host", "-file", pem.toString(), "-keystore", keystore.toString(),
                    "-storepass:env", STORE_PASSWORD_VARIABLE);
        } catch (KeytoolException | IOException e) {
            Files.deleteIfExists(keystore);
            throw e;
        } finally {
            Files.deleteIfExists(csr);
            Files.deleteIfExists(pem);
        }
        return keystore;
    }

    private void keytool(String... args) throws IOException, InterruptedException, KeytoolException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put(CA_PASSWORD_VARIABLE, caPassword);
        pb.environment().put(STORE_PASSWORD_VARIABLE, storePassword);
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

    private static void ownerOnly(Path file, String mode) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Could not make {} accessible to its owner only ({}); do it by hand.", file, e.getMessage());
        }
    }
}

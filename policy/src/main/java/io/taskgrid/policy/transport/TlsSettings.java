package io.taskgrid.policy.transport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Where this process's TLS identity and the certificates it trusts are: a PKCS12 keystore with this host's key
 * and certificate (signed by the installation's CA) and a truststore with the CA's certificate, as made by
 * {@code taskgrid tls init}.
 *
 * @param keystore           this host's key and certificate
 * @param keystorePassword   the keystore's password
 * @param truststore         the CA certificate(s) to trust
 * @param truststorePassword the truststore's password
 */
public record TlsSettings(Path keystore, char[] keystorePassword, Path truststore, char[] truststorePassword) {
    /** The only protocol spoken. */
    public static final String PROTOCOL = "TLSv1.3";
    private static final Logger LOG = LoggerFactory.getLogger(TlsSettings.class);

    public TlsSettings {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(truststore, "truststore");
        keystorePassword = keystorePassword == null ? new char[0] : keystorePassword.clone();
        truststorePassword = truststorePassword == null ? new char[0] : truststorePassword.clone();
    }

    /**
     * Loads both stores into a TLSv1.3 context for a process of role {@code self}: its own certificate must carry
     * that role, and it accepts at the other end only the roles such a process talks to ({@link RoleTrustManager}).
     *
     * @param verifyHostnames also require a server's certificate to name the host it was reached at
     * @throws TlsException with a sentence naming the file and the fix (missing, wrong password, no key, wrong role)
     */
    public SSLContext context(PeerRole self, boolean verifyHostnames) throws TlsException {
        try {
            KeyStore keys = load(keystore, keystorePassword, "keystore");
            Peer own = identity(keys, self);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keystorePassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(truststore, truststorePassword, "truststore"));
            X509ExtendedTrustManager ca = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    ca = x509;
                }
            }
            if (ca == null) {
                throw new TlsException("The truststore " + truststore + " gives no X.509 trust; make it again with `taskgrid tls init`.");
            }
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), new TrustManager[] {new RoleTrustManager(ca, self, verifyHostnames)}, null);
            LOG.debug("TLS identity: {}", own.describe());
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsException("Cannot set up TLS from " + keystore + " and " + truststore + " (" + e.getMessage()
                    + "); make them again with `taskgrid tls init`.", e);
        }
    }

    /** Who the keystore's certificate says this process is; it must be a {@code self}. */
    public Peer identity(PeerRole self) throws TlsException {
        try {
            return identity(load(keystore, keystorePassword, "keystore"), self);
        } catch (GeneralSecurityException e) {
            throw new TlsException("Cannot read the keystore " + keystore + " (" + e.getMessage() + ").", e);
        }
    }

    private Peer identity(KeyStore keys, PeerRole self) throws TlsException, GeneralSecurityException {
        var aliases = keys.aliases();
        while (aliases.hasMoreElements()) {
            String alias = aliases.nextElement();
            if (keys.isKeyEntry(alias) && keys.getCertificate(alias) instanceof X509Certificate certificate) {
                Peer peer = Peer.of(certificate).orElseThrow(() -> new TlsException("The certificate in " + keystore
                        + " carries no TaskGrid role (it was made before roles existed); issue " + self.withArticle()
                        + " certificate with `taskgrid tls issue`."));
                if (peer.role() != self) {
                    throw new TlsException("The keystore " + keystore + " holds " + peer.role().withArticle() + " certificate ("
                            + peer.name() + "), but this is " + self.withArticle() + "; give it " + self.withArticle()
                            + " keystore made by `taskgrid tls init`.");
                }
                return peer;
            }
        }
        throw new TlsException("The keystore " + keystore + " holds no private key; give the host's keystore made by"
                + " `taskgrid tls init` (ROLE-NAME.p12), not the truststore.");
    }

    private static KeyStore load(Path file, char[] password, String what) throws TlsException, GeneralSecurityException {
        if (!Files.isReadable(file)) {
            throw new TlsException("The " + what + " " + file + " does not exist or cannot be read; make one with"
                    + " `taskgrid tls init DIR --controller HOST ...` or fix the path.");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new TlsException("Cannot open the " + what + " " + file + " (" + e.getMessage() + "); check its password"
                    + " (TASKGRID_TLS_PASSWORD) and that it is a PKCS12 file.", e);
        }
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}

package io.taskgrid.policy.transport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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

    public TlsSettings {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(truststore, "truststore");
        keystorePassword = keystorePassword == null ? new char[0] : keystorePassword.clone();
        truststorePassword = truststorePassword == null ? new char[0] : truststorePassword.clone();
    }

    /**
     * Loads both stores into a TLSv1.3 context.
     *
     * @throws TlsException with a sentence naming the file and the fix (missing, wrong password, no key)
     */
    public SSLContext context() throws TlsException {
        try {
            KeyStore keys = load(keystore, keystorePassword, "keystore");
            if (!hasKey(keys)) {
                throw new TlsException("The keystore " + keystore + " holds no private key; give the host's keystore made by"
                        + " `taskgrid tls init` (HOST.p12), not the truststore.");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keystorePassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(truststore, truststorePassword, "truststore"));
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsException("Cannot set up TLS from " + keystore + " and " + truststore + " (" + e.getMessage()
                    + "); make them again with `taskgrid tls init`.", e);
        }
    }

    private static KeyStore load(Path file, char[] password, String what) throws TlsException, GeneralSecurityException {
        if (!Files.isReadable(file)) {
            throw new TlsException("The " + what + " " + file + " does not exist or cannot be read; make one with"
                    + " `taskgrid tls init DIR --hosts ...` or fix the path.");
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

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        var aliases = store.aliases();
        while (aliases.hasMoreElements()) {
            if (store.isKeyEntry(aliases.nextElement())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}

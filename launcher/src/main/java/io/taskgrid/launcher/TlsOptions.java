package io.taskgrid.launcher;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Set;

/** The TLS and transport options every server command shares (a picocli mixin). */
final class TlsOptions {
    static final String KEYSTORE_VARIABLE = "TASKGRID_KEYSTORE";
    static final String TRUSTSTORE_VARIABLE = "TASKGRID_TRUSTSTORE";
    static final String PASSWORD_VARIABLE = "TASKGRID_TLS_PASSWORD";
    static final String KEYSTORE_PASSWORD_VARIABLE = "TASKGRID_KEYSTORE_PASSWORD";
    static final String TRUSTSTORE_PASSWORD_VARIABLE = "TASKGRID_TRUSTSTORE_PASSWORD";
    /** For clients: "true" asks for the host-name check of {@code --verify-hostnames}. */
    static final String VERIFY_HOSTNAMES_VARIABLE = "TASKGRID_VERIFY_HOSTNAMES";
    /** The same settings in a --config file; the passwords never go there (they come from the environment). */
    static final Set<String> KEYS = Set.of("keystore", "truststore", "verify-hostnames", "insecure");

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "This host's TLS key and certificate (PKCS12, from `taskgrid tls init`; default: $TASKGRID_KEYSTORE)."
                    + " Its password: $TASKGRID_KEYSTORE_PASSWORD or $TASKGRID_TLS_PASSWORD.")
    Path keystore;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "The installation's CA certificate (PKCS12; default: $TASKGRID_TRUSTSTORE)."
                    + " Its password: $TASKGRID_TRUSTSTORE_PASSWORD or $TASKGRID_TLS_PASSWORD.")
    Path truststore;

    @Option(names = "--verify-hostnames",
            description = "With TLS, also require the certificate of every server this process connects to to name the"
                    + " host it connects to (for certificates issued per host name).")
    boolean verifyHostnames;

    @Option(names = "--insecure",
            description = "Without TLS, listen on every interface anyway (plain RMI: only on a network you trust).")
    boolean insecure;

    /** These options over the --config file's: a service keeps its key paths in /etc/taskgrid/*.conf. */
    TlsOptions over(ConfigFile file, ServerOptions options) {
        TlsOptions merged = new TlsOptions();
        merged.keystore = keystore != null ? keystore : file.path("keystore");
        merged.truststore = truststore != null ? truststore : file.path("truststore");
        merged.verifyHostnames = verifyHostnames || Boolean.TRUE.equals(options.fromFile(() -> file.flag("verify-hostnames")));
        merged.insecure = insecure || Boolean.TRUE.equals(options.fromFile(() -> file.flag("insecure")));
        return merged;
    }
}

package io.taskgrid.launcher;

import io.taskgrid.policy.LoopbackNames;
import io.taskgrid.policy.transport.PeerRole;
import io.taskgrid.policy.transport.RmiTransport;
import io.taskgrid.policy.transport.TlsException;
import io.taskgrid.policy.transport.TlsSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;

/**
 * Chooses how a server listens: mutual TLS on every interface when a keystore and truststore are given;
 * otherwise plain RMI bound to loopback (this machine only), unless {@code --insecure} opens it to the network.
 */
final class Transports {
    private Transports() {
    }

    /** The TLS settings from options and environment, or {@code null} when none are given. */
    static TlsSettings settings(Path keystoreOption, Path truststoreOption, ServerEnvironment env, CommandSpec spec) {
        Path keystore = keystoreOption != null ? keystoreOption : path(env.variable(TlsOptions.KEYSTORE_VARIABLE));
        Path truststore = truststoreOption != null ? truststoreOption : path(env.variable(TlsOptions.TRUSTSTORE_VARIABLE));
        if (keystore == null && truststore == null) {
            return null;
        }
        if (keystore == null || truststore == null) {
            throw new ParameterException(spec.commandLine(), "TLS needs both --keystore and --truststore (or TASKGRID_KEYSTORE and"
                    + " TASKGRID_TRUSTSTORE); " + (keystore == null ? "the keystore" : "the truststore") + " is missing.");
        }
        String common = env.variable(TlsOptions.PASSWORD_VARIABLE);
        String keyPassword = firstNonNull(env.variable(TlsOptions.KEYSTORE_PASSWORD_VARIABLE), common);
        String trustPassword = firstNonNull(env.variable(TlsOptions.TRUSTSTORE_PASSWORD_VARIABLE), common);
        if (keyPassword == null || trustPassword == null) {
            throw new ParameterException(spec.commandLine(), "The password of the TLS stores is missing; set TASKGRID_TLS_PASSWORD"
                    + " (or TASKGRID_KEYSTORE_PASSWORD and TASKGRID_TRUSTSTORE_PASSWORD).");
        }
        return new TlsSettings(keystore, keyPassword.toCharArray(), truststore, trustPassword.toCharArray());
    }

    /** The transport of a server command; sets {@code java.rmi.server.hostname} to loopback when it listens there. */
    static RmiTransport forServer(TlsOptions options, ServerEnvironment env, CommandSpec spec, String advertise, PeerRole role) {
        TlsSettings tls = settings(options.keystore, options.truststore, env, spec);
        if (tls != null) {
            return tls(tls, role, options.verifyHostnames, spec);
        }
        if (options.insecure) {
            return RmiTransport.plain();
        }
        if (advertise != null && !isLoopback(advertise)) {
            throw new ParameterException(spec.commandLine(), "--advertise " + advertise + " offers this process to other machines,"
                    + " but without TLS it listens on this machine only. Give --keystore and --truststore (make them with"
                    + " `taskgrid tls init`), or add --insecure on a network you trust.");
        }
        if (advertise == null) {
            env.advertise(ServerEnvironment.LOOPBACK);
        }
        return RmiTransport.loopback();
    }

    /** Mutual TLS for a process of {@code role}, which talks only to the roles such a process talks to. */
    static RmiTransport tls(TlsSettings settings, PeerRole role, boolean verifyHostnames, CommandSpec spec) {
        try {
            return RmiTransport.tls(settings.context(role, verifyHostnames));
        } catch (TlsException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static boolean isLoopback(String host) {
        return LoopbackNames.isLoopback(host);
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}

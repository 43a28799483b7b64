package io.taskgrid.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code taskgrid tls init DIR --hosts a,b,c}: a private CA and one keystore per host, for mutual TLS. */
@Command(name = "tls", mixinStandardHelpOptions = true,
        description = {"Sets up TLS for a small installation.",
                "Example: taskgrid tls init /etc/taskgrid/tls --hosts grid-master,node1,node2,laptop"})
final class TlsCommand {

    static CommandLine commandLine(ServerEnvironment environment, Function<String, char[]> terminal) {
        CommandLine cl = new CommandLine(new TlsCommand());
        cl.addSubcommand(new Init(environment, terminal));
        return cl;
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Creates a private CA (DIR/ca.p12: keep it offline), the truststore every host uses (DIR/truststore.p12)"
                    + " and a keystore per host (DIR/HOST.p12, EC P-256, the host's name or address in the certificate)."
                    + " The password of all stores comes from TASKGRID_TLS_PASSWORD, or is asked for.",
                    "Then on each host: --keystore DIR/HOST.p12 --truststore DIR/truststore.p12 (servers), or"
                            + " TASKGRID_KEYSTORE / TASKGRID_TRUSTSTORE (clients), with TASKGRID_TLS_PASSWORD set."})
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "Folder for the CA and the keystores (created; must not hold a CA yet).")
        Path dir;

        @Option(names = "--hosts", paramLabel = "HOST", split = ",", required = true,
                description = "Controller, agent and client hosts: names or IP addresses, one keystore each.")
        List<String> hosts;

        @Option(names = "--days", paramLabel = "N", defaultValue = "825", description = "Validity of the host certificates (default: ${DEFAULT-VALUE}).")
        int days;

        private final ServerEnvironment environment;
        private final Function<String, char[]> terminal;

        Init(ServerEnvironment environment, Function<String, char[]> terminal) {
            this.environment = environment;
            this.terminal = terminal;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            for (String host : hosts) {
                if (!host.matches("[A-Za-z0-9.:_-]{1,253}")) {
                    throw new ParameterException(spec.commandLine(), "'" + host + "' is not a host name or address; use letters, digits, '.', '-' (or an IP address).");
                }
            }
            if (days < 1) {
                throw new ParameterException(spec.commandLine(), "--days must be at least 1.");
            }
            if (Files.exists(dir.resolve(CertificateAuthority.CA_FILE))) {
                throw new ParameterException(spec.commandLine(), dir.resolve(CertificateAuthority.CA_FILE) + " exists already; choose an"
                        + " empty folder (a new CA would not be trusted by the keys made before).");
            }
            char[] password = password();
            try {
                CertificateAuthority ca = CertificateAuthority.create(dir, password);
                out.printf("Created the CA %s and the truststore %s.%n", ca.caFile(), ca.truststore());
                for (String host : hosts) {
                    Path keystore = ca.issue(host, days);
                    out.printf("  %-20s %s%n", host, keystore);
                }
            } catch (CertificateAuthority.KeytoolException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
            out.println("Copy truststore.p12 and each HOST.p12 to its host; keep ca.p12 somewhere safe (it signs new keys).");
            return 0;
        }

        private char[] password() {
            String fromEnv = environment.variable(TlsOptions.PASSWORD_VARIABLE);
            char[] password = fromEnv != null ? fromEnv.toCharArray() : terminal.apply("Password for the new keystores: ");
            if (password == null) {
                throw new ParameterException(spec.commandLine(), "No terminal to ask for the password; set TASKGRID_TLS_PASSWORD.");
            }
            if (password.length < 6) {
                throw new ParameterException(spec.commandLine(), "The keystore password needs at least 6 characters.");
            }
            return password;
        }
    }
}

package io.taskgrid.launcher;

import io.taskgrid.policy.transport.PeerRole;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code taskgrid tls init DIR --controller H --agents a,b --clients c}: a private CA and one keystore per
 * controller, agent and client, each certificate carrying its role; {@code taskgrid tls issue} adds more later.
 */
@Command(name = "tls", mixinStandardHelpOptions = true,
        description = {"Sets up TLS for a small installation: every certificate says what its holder is (controller,"
                + " agent or client), and each side accepts only the roles it talks to.",
                "Example: taskgrid tls init /etc/taskgrid/tls --controller grid-master --agents node1,node2 --clients alice-laptop"})
final class TlsCommand {
    static final String CA_PASSWORD_VARIABLE = "TASKGRID_CA_PASSWORD";

    static CommandLine commandLine(ServerEnvironment environment, Function<String, char[]> terminal) {
        CommandLine cl = new CommandLine(new TlsCommand());
        cl.addSubcommand(new Init(environment, terminal));
        cl.addSubcommand(new Issue(environment, terminal));
        return cl;
    }

    /** Who gets a certificate, and for how long: the options {@code init} and {@code issue} share. */
    abstract static class Issuing implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "Folder of the CA and the keystores.")
        Path dir;

        @Option(names = "--controller", paramLabel = "HOST", split = ",",
                description = "The controller's host name or address (a certificate controller-HOST.p12 each).")
        List<String> controllers = new ArrayList<>();

        @Option(names = "--agents", paramLabel = "ID[@HOST]", split = ",",
                description = "Agents: the agent id (its certificate's name, and the id the agent runs under) and, when it"
                        + " differs, the host it runs on. One agent-ID.p12 each.")
        List<String> agents = new ArrayList<>();

        @Option(names = "--clients", paramLabel = "NAME[@HOST]", split = ",",
                description = "Machines that run the console or the desktop client. One client-NAME.p12 each.")
        List<String> clients = new ArrayList<>();

        @Option(names = "--hosts", hidden = true, split = ",")
        List<String> hosts;

        @Option(names = "--days", paramLabel = "N", defaultValue = "825", description = "Validity of the certificates (default: ${DEFAULT-VALUE}).")
        int days;

        final ServerEnvironment environment;
        final Function<String, char[]> terminal;

        Issuing(ServerEnvironment environment, Function<String, char[]> terminal) {
            this.environment = environment;
            this.terminal = terminal;
        }

        List<CertificateAuthority.Subject> subjects() {
            if (hosts != null) {
                throw new ParameterException(spec.commandLine(), "--hosts made certificates that say nothing of their holder, so any"
                        + " key could pose as the controller or an agent. Name the roles instead: --controller HOST --agents ID,..."
                        + " --clients NAME,...");
            }
            if (days < 1) {
                throw new ParameterException(spec.commandLine(), "--days must be at least 1.");
            }
            List<CertificateAuthority.Subject> subjects = new ArrayList<>();
            controllers.forEach(h -> subjects.add(subject(PeerRole.CONTROLLER, h)));
            agents.forEach(a -> subjects.add(subject(PeerRole.AGENT, a)));
            clients.forEach(c -> subjects.add(subject(PeerRole.CLIENT, c)));
            for (CertificateAuthority.Subject s : subjects) {
                if (Files.exists(dir.resolve(s.file()))) {
                    throw new ParameterException(spec.commandLine(), dir.resolve(s.file()) + " exists already; remove it first to"
                            + " issue it again.");
                }
            }
            return subjects;
        }

        private CertificateAuthority.Subject subject(PeerRole role, String text) {
            int at = role == PeerRole.CONTROLLER ? -1 : text.indexOf('@');
            String name = at < 0 ? text : text.substring(0, at);
            String host = at < 0 ? text : text.substring(at + 1);
            if (!name.matches("[A-Za-z0-9._-]{1,64}") || (role == PeerRole.CONTROLLER && !host.matches("[A-Za-z0-9.:_-]{1,253}"))) {
                throw new ParameterException(spec.commandLine(), "'" + text + "' is not a valid " + role.word() + " name; use letters,"
                        + " digits, '.', '_' and '-'" + (role == PeerRole.CONTROLLER ? " (or an IP address)." : ", then @HOST if the host differs."));
            }
            if (!host.matches("[A-Za-z0-9.:_-]{1,253}")) {
                throw new ParameterException(spec.commandLine(), "'" + host + "' in '" + text + "' is not a host name or address.");
            }
            return new CertificateAuthority.Subject(role, name, host);
        }

        char[] storePassword() {
            return password(TlsOptions.PASSWORD_VARIABLE, "Password of the keystores (every host will know it): ");
        }

        char[] caPassword(char[] storePassword) {
            char[] password = password(CA_PASSWORD_VARIABLE, "Password of the CA key (keep it to yourself): ");
            if (Arrays.equals(password, storePassword)) {
                throw new ParameterException(spec.commandLine(), "The CA's password must differ from the keystores' password, which"
                        + " every host knows; set another in " + CA_PASSWORD_VARIABLE + ".");
            }
            return password;
        }

        private char[] password(String variable, String prompt) {
            String fromEnv = environment.variable(variable);
            char[] password = fromEnv != null ? fromEnv.toCharArray() : terminal.apply(prompt);
            if (password == null) {
                throw new ParameterException(spec.commandLine(), "No terminal to ask for the password; set " + variable + ".");
            }
            if (password.length < 6) {
                throw new ParameterException(spec.commandLine(), "The password in " + variable + " needs at least 6 characters.");
            }
            return password;
        }

        void issueAll(CertificateAuthority ca, List<CertificateAuthority.Subject> subjects, PrintWriter out)
                throws IOException, InterruptedException {
            try {
                for (CertificateAuthority.Subject subject : subjects) {
                    Path keystore = ca.issue(subject, days);
                    out.printf("  %-10s %-20s %s%n", subject.role().word(), subject.name(), keystore);
                }
            } catch (CertificateAuthority.KeytoolException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Creates a private CA (DIR/ca/ca.p12, under its own password from TASKGRID_CA_PASSWORD or asked: keep"
                    + " it off the hosts), the truststore every host uses (DIR/truststore.p12) and a keystore per controller,"
                    + " agent and client (DIR/ROLE-NAME.p12, EC P-256, under the password from TASKGRID_TLS_PASSWORD or asked).",
                    "Then on each host: --keystore DIR/ROLE-NAME.p12 --truststore DIR/truststore.p12 (servers), or"
                            + " TASKGRID_KEYSTORE / TASKGRID_TRUSTSTORE (clients), with TASKGRID_TLS_PASSWORD set."})
    static final class Init extends Issuing {
        Init(ServerEnvironment environment, Function<String, char[]> terminal) {
            super(environment, terminal);
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            List<CertificateAuthority.Subject> subjects = subjects();
            if (subjects.stream().noneMatch(s -> s.role() == PeerRole.CONTROLLER)) {
                throw new ParameterException(spec.commandLine(), "Name the controller's host with --controller HOST.");
            }
            if (Files.exists(CertificateAuthority.caFile(dir)) || Files.exists(dir.resolve(CertificateAuthority.TRUSTSTORE_FILE))) {
                throw new ParameterException(spec.commandLine(), dir + " holds a CA already; choose an empty folder (a new CA would"
                        + " not be trusted by the keys made before), or add keys with `taskgrid tls issue " + dir + "`.");
            }
            char[] storePassword = storePassword();
            char[] caPassword = caPassword(storePassword);
            try {
                CertificateAuthority ca = CertificateAuthority.create(dir, caPassword, storePassword);
                out.printf("Created the CA %s and the truststore %s.%n", ca.caFile(), ca.truststore());
                issueAll(ca, subjects, out);
            } catch (CertificateAuthority.KeytoolException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } finally {
                Arrays.fill(storePassword, '\0');
                Arrays.fill(caPassword, '\0');
            }
            out.println("Copy truststore.p12 and each ROLE-NAME.p12 to its host, never the ca folder: keep " + CertificateAuthority.CA_FOLDER
                    + "/ offline, it signs new keys (`taskgrid tls issue`).");
            return 0;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = {"Issues more keystores with the CA that `tls init` made in DIR (its password: TASKGRID_CA_PASSWORD, or asked).",
                    "Example: taskgrid tls issue /etc/taskgrid/tls --agents node3"})
    static final class Issue extends Issuing {
        Issue(ServerEnvironment environment, Function<String, char[]> terminal) {
            super(environment, terminal);
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            List<CertificateAuthority.Subject> subjects = subjects();
            if (subjects.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Name what to issue: --controller HOST, --agents ID or --clients NAME.");
            }
            if (!Files.isReadable(CertificateAuthority.caFile(dir))) {
                throw new ParameterException(spec.commandLine(), "No CA in " + CertificateAuthority.caFile(dir) + "; make one with"
                        + " `taskgrid tls init " + dir + " --controller HOST`.");
            }
            char[] storePassword = storePassword();
            char[] caPassword = caPassword(storePassword);
            try {
                issueAll(CertificateAuthority.open(dir, caPassword, storePassword), subjects, out);
            } finally {
                Arrays.fill(storePassword, '\0');
                Arrays.fill(caPassword, '\0');
            }
            return 0;
        }
    }
}

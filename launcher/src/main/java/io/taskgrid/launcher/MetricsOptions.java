package io.taskgrid.launcher;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Supplier;

/** {@code --metrics-port} and {@code --metrics-address}, shared by the server commands (a picocli mixin). */
final class MetricsOptions {
    static final Set<String> KEYS = Set.of("metrics-port", "metrics-address");
    static final String LOOPBACK = "127.0.0.1";

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve metrics for Prometheus at"
            + " http://ADDRESS:PORT/metrics (default: none; 0 picks a free port).")
    Integer port;

    @Option(names = "--metrics-address", paramLabel = "ADDRESS", description = "The address the metrics listen on"
            + " (default: " + LOOPBACK + ", this machine only). Metrics need no log-in: another address lets every host"
            + " that reaches it read agent ids, host names and the grid's figures; open it to your Prometheus server only"
            + " (a firewall).")
    String address;

    /**
     * Starts the endpoint when a port was given (option, else the {@code metrics-port} key of {@code file}); prints where.
     *
     * @param metrics makes the server's metrics (called once, at once, so they count from the start) and answers how to
     *                scrape them
     * @return the endpoint to close at the end, or {@code null} when no port was asked for
     */
    MetricsEndpoint start(ConfigFile file, ServerOptions options, CommandSpec spec, Supplier<Supplier<String>> metrics, PrintWriter out) {
        Integer chosen = port != null ? port : options.fromFile(() -> file.integer("metrics-port"));
        if (chosen == null) {
            return null;
        }
        options.requirePort(chosen, "--metrics-port");
        String host = address != null ? address : file.string("metrics-address") != null ? file.string("metrics-address") : LOOPBACK;
        InetAddress bind;
        try {
            bind = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--metrics-address " + host + " is no address of this machine"
                    + " (unknown host); give one of its addresses, or leave it out for " + LOOPBACK + ".");
        }
        Supplier<String> scrape = metrics.get();
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(new InetSocketAddress(bind, chosen), scrape);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot serve the metrics on " + host + ":" + chosen + " ("
                    + e.getMessage() + "); choose another port with --metrics-port, or another address with --metrics-address.");
        }
        InetSocketAddress at = endpoint.address();
        out.printf("  metrics        http://%s:%d%s%s%n", hostText(at), at.getPort(), MetricsEndpoint.PATH,
                bind.isLoopbackAddress() ? " (this machine only)" : " (no log-in: open it to your Prometheus server only)");
        return endpoint;
    }

    private static String hostText(InetSocketAddress at) {
        String h = at.getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }
}

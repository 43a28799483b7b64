package io.taskgrid.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts on one machine for the chaos suite, as MultiHostIT builds them: network namespaces joined by veth pairs, whose
 * links can be cut ({@link #linkDown}) and slowed ({@link #slowLink}). Needs root and iproute2; where they are missing the
 * test fails and says so (a chaos scenario that silently did not run proves nothing). {@link #close()} deletes the
 * namespaces, and with them their veth pairs and the programs' network.
 */
final class NetworkNamespaces implements AutoCloseable {
    private final String tag = "tc" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private final List<String> namespaces = new ArrayList<>();
    private int pairs;

    /** One end of a veth pair: the namespace it is in and its device. */
    record End(String namespace, String device) {
    }

    /** Fails the test, in words, where namespaces cannot be built. */
    NetworkNamespaces() throws IOException, InterruptedException {
        String uid = output("id", "-u").strip();
        if (!uid.equals("0")) {
            throw new AssertionError("This chaos scenario builds network namespaces, which needs root (CI runs as root);"
                    + " this test runs as uid " + uid + ".");
        }
        if (exitCode("ip", "-V") != 0) {
            throw new AssertionError("This chaos scenario needs iproute2's `ip` (apt-get install iproute2; .ci/run installs it).");
        }
    }

    /** A namespace named after {@code host}, with its loopback up. */
    String add(String host) throws IOException, InterruptedException {
        String ns = tag + "-" + host;
        Result r = run("ip", "netns", "add", ns);
        if (r.exitCode() != 0) {
            throw new AssertionError("This machine does not let us create network namespaces (`ip netns add` said: " + r.output()
                    + "); the chaos scenario needs CAP_SYS_ADMIN and CAP_NET_ADMIN.");
        }
        namespaces.add(ns);
        ip("-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** Joins two namespaces with a veth pair, {@code addressA}/{@code addressB} as CIDR, both ends up. */
    List<End> join(String a, String addressA, String b, String addressB) throws IOException, InterruptedException {
        String deviceA = tag + "a" + pairs;
        String deviceB = tag + "b" + pairs++;
        ip("-n", a, "link", "add", deviceA, "type", "veth", "peer", "name", deviceB, "netns", b);
        ip("-n", a, "addr", "add", addressA, "dev", deviceA);
        ip("-n", b, "addr", "add", addressB, "dev", deviceB);
        ip("-n", a, "link", "set", deviceA, "up");
        ip("-n", b, "link", "set", deviceB, "up");
        return List.of(new End(a, deviceA), new End(b, deviceB));
    }

    /** Cuts the link: nothing passes either way until {@link #linkUp}. */
    void linkDown(End end) throws IOException, InterruptedException {
        ip("-n", end.namespace(), "link", "set", end.device(), "down");
    }

    void linkUp(End end) throws IOException, InterruptedException {
        ip("-n", end.namespace(), "link", "set", end.device(), "up");
    }

    /**
     * Makes what leaves {@code end} slow and lossy: netem's 200 ms delay and 5 % loss where the kernel has netem;
     * where it has not (this sandbox's kernel offers neither netem nor a classifier to drop with), a token bucket of
     * 256 kbit/s whose queue delays bursts by up to 400 ms: slow, but without loss. Returns which one it set, in words.
     */
    String slowLink(End end) throws IOException, InterruptedException {
        Result netem = run("ip", "netns", "exec", end.namespace(), "tc", "qdisc", "add", "dev", end.device(), "root",
                "netem", "delay", "200ms", "loss", "5%");
        if (netem.exitCode() == 0) {
            return "netem 200 ms, 5 % loss";
        }
        Result tbf = run("ip", "netns", "exec", end.namespace(), "tc", "qdisc", "add", "dev", end.device(), "root",
                "tbf", "rate", "256kbit", "burst", "16k", "latency", "400ms"); // a burst below the MTU drops every full packet
        if (tbf.exitCode() != 0) {
            throw new AssertionError("Neither netem (" + netem.output().strip() + ") nor tbf (" + tbf.output().strip()
                    + ") could slow the link on kernel " + output("uname", "-r").strip() + ".");
        }
        return "tbf 256 kbit/s, no loss: kernel " + output("uname", "-r").strip() + " has no netem";
    }

    /** The command prefix that runs a program inside {@code namespace}. */
    static List<String> in(String namespace) {
        return List.of("ip", "netns", "exec", namespace);
    }

    @Override
    public void close() {
        for (String ns : namespaces) {
            if (exitCode("ip", "netns", "del", ns) != 0) {
                System.err.println("Could not delete the network namespace " + ns + "; remove it with `ip netns del " + ns + "`.");
            }
        }
        namespaces.clear();
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out + " (did not end within 30 s)");
        }
        return new Result(p.exitValue(), out);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Result r = run(command.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output());
        }
    }

    private static int exitCode(String... command) {
        try {
            return run(command).exitCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String output(String... command) throws IOException, InterruptedException {
        return run(command).output();
    }
}

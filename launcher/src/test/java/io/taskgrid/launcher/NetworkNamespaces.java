package io.taskgrid.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts on one machine for the chaos suite, as MultiHostIT builds them: network namespaces joined by veth pairs, whose
 * links can be cut ({@link #linkDown}) and slowed ({@link #netem}). Needs root and iproute2; where they are missing the
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

    /** What leaves {@code end} is delayed and dropped as {@code netem} says, e.g. "delay", "200ms", "loss", "5%". */
    void netem(End end, String... settings) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", end.namespace(), "tc", "qdisc", "add", "dev",
                end.device(), "root", "netem"));
        command.addAll(List.of(settings));
        Result r = run(command.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new AssertionError("`tc qdisc add … netem " + String.join(" ", settings) + "` failed: " + r.output().strip()
                    + ". The slow, lossy link needs iproute2's tc and the kernel's netem queueing discipline"
                    + " (CONFIG_NET_SCH_NETEM, module sch_netem); this kernel (" + output("uname", "-r").strip()
                    + ") does not offer it.");
        }
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

package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Several hosts for real: network namespaces joined by veth pairs to a bridge (in a namespace of its own), a
 * controller host, two agent hosts and two client hosts, each with its own address, all over mutual TLS.
 * An allowed client runs tasks that land on both agents; a client whose address is denied is refused; a rogue
 * agent from a denied address cannot register. Needs root and iproute2; skipped (with the reason) elsewhere.
 * Talks only to its own namespaces' addresses.
 */
class MultiHostIT {
    private static final String NET = "10.231.77.";
    private static final String TLS_PASSWORD = "grid-store-secret";
    private static final String PASSWORD = "alice-password";

    @TempDir
    Path temp;
    private final String tag = "tg" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    private final List<String> namespaces = new ArrayList<>();
    private Launched launched;

    /** Host name → address. */
    private final Map<String, String> hosts = new LinkedHashMap<>(Map.of());

    @BeforeEach
    void buildNetwork() throws Exception {
        assumeTrue(runs("id", "-u").strip().equals("0"), "Skipped: building network namespaces needs root (CI runs as root).");
        assumeTrue(exitCode("ip", "-V") == 0, "Skipped: iproute2 (`ip`) is not installed.");
        String bridge = tag + "-br";
        assumeTrue(exitCode("ip", "netns", "add", bridge) == 0, "Skipped: this machine does not let us create network namespaces.");
        namespaces.add(bridge);
        ip("-n", bridge, "link", "add", "br0", "type", "bridge");
        ip("-n", bridge, "link", "set", "br0", "up");
        hosts.put("ctl", NET + "1");
        hosts.put("ag1", NET + "11");
        hosts.put("ag2", NET + "12");
        hosts.put("cl1", NET + "21");
        hosts.put("cl2", NET + "66");
        int i = 0;
        for (Map.Entry<String, String> host : hosts.entrySet()) {
            String ns = tag + "-" + host.getKey();
            String inside = tag + "h" + i;
            String outside = tag + "p" + i++;
            ip("netns", "add", ns);
            namespaces.add(ns);
            ip("link", "add", inside, "type", "veth", "peer", "name", outside);
            ip("link", "set", inside, "netns", ns);
            ip("link", "set", outside, "netns", bridge);
            ip("-n", bridge, "link", "set", outside, "master", "br0");
            ip("-n", bridge, "link", "set", outside, "up");
            ip("-n", ns, "link", "set", "lo", "up");
            ip("-n", ns, "addr", "add", host.getValue() + "/24", "dev", inside);
            ip("-n", ns, "link", "set", inside, "up");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (launched != null) {
            launched.close();
        }
        for (String ns : namespaces) {
            if (exitCode("ip", "netns", "del", ns) != 0) {
                System.err.println("Could not delete the network namespace " + ns + "; remove it with `ip netns del " + ns + "`.");
            }
        }
    }

    private List<String> in(String host) {
        return List.of("ip", "netns", "exec", tag + "-" + host);
    }

    @Test
    void anAllowedClientRunsTasksOnTwoAgentHostsWhileDeniedHostsAreRefused() throws Exception {
        Path tls = temp.resolve("tls");
        Path data = temp.resolve("data");
        Path shared = Files.createDirectories(temp.resolve("shared"));
        launched = new Launched(temp, Map.of("TASKGRID_TLS_PASSWORD", TLS_PASSWORD));
        List<String> here = List.of();

        Launched.Result init = launched.run(here, Map.of("TASKGRID_CA_PASSWORD", "ca-secret-1"), 120, "tls", "init", tls.toString(),
                "--controller", hosts.get("ctl"), "--agents", "ag1@" + hosts.get("ag1") + ",ag2@" + hosts.get("ag2") + ",rogue@" + hosts.get("cl2"),
                "--clients", "cl1@" + hosts.get("cl1") + ",cl2@" + hosts.get("cl2"));
        assertEquals(0, init.exitCode(), init.output());
        Launched.Result add = launched.run(here, Map.of("TASKGRID_PASSWORD", PASSWORD), 60,
                "user", "add", "alice", "--users", data.resolve("users").toString());
        assertEquals(0, add.exitCode(), add.output());
        Files.writeString(data.resolve("clients.rules"), "deny " + hosts.get("cl2") + "/32\nallow " + NET + "0/24\n");
        Files.writeString(data.resolve("agents.rules"), "allow " + hosts.get("ag1") + "/32\nallow " + hosts.get("ag2") + "/32\n");
        String truststore = tls.resolve("truststore.p12").toString();

        Launched.Running controller = launched.start(in("ctl"), Map.of(), "controller", "--port", "1099", "--data-dir", data.toString(),
                "--shared", shared.toString(), "--advertise", hosts.get("ctl"), "--max-processes", "8",
                "--keystore", tls.resolve("controller-" + hosts.get("ctl") + ".p12").toString(), "--truststore", truststore);
        controller.awaitLine("RMI over mutual TLS", 60);
        String controllerAddress = hosts.get("ctl") + ":1099";
        List<Launched.Running> agents = new ArrayList<>();
        for (String agent : List.of("ag1", "ag2")) {
            agents.add(launched.start(in(agent), Map.of(), "agent", "--controller", controllerAddress, "--slots", "2",
                    "--shared", shared.toString(), "--work-dir", temp.resolve(agent).toString(), "--id", agent,
                    "--advertise", hosts.get(agent), "--keystore", tls.resolve("agent-" + agent + ".p12").toString(), "--truststore", truststore));
        }
        for (Launched.Running agent : agents) {
            agent.awaitLine("registered with the controller", 60);
        }

        Launched.Running rogue = launched.start(in("cl2"), Map.of(), "agent", "--controller", controllerAddress, "--slots", "2",
                "--shared", shared.toString(), "--work-dir", temp.resolve("rogue").toString(), "--id", "rogue",
                "--advertise", hosts.get("cl2"), "--keystore", tls.resolve("agent-rogue.p12").toString(), "--truststore", truststore);
        String refused = rogue.awaitLine("refused this agent", 60);
        assertTrue(refused.contains(hosts.get("cl2")) && refused.contains("agents.rules"), refused);
        rogue.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        Files.writeString(shared.resolve("where.sh"), "sleep 1\necho ran on $(hostname)\n");
        Path runs = temp.resolve("runs.txt");
        Files.writeString(runs, (shared.resolve("where.sh") + "\n").repeat(8));
        Map<String, String> alice = Map.of("TASKGRID_CONTROLLER", controllerAddress, "TASKGRID_USER", "alice",
                "TASKGRID_PASSWORD", PASSWORD, "TASKGRID_KEYSTORE", keystore(tls, "cl1"), "TASKGRID_TRUSTSTORE", truststore);
        Launched.Result submitted = launched.run(in("cl1"), alice, 60, "submit", "--each", runs.toString(), "--project", "multi");
        assertEquals(0, submitted.exitCode(), submitted.output());

        Set<String> agentsUsed = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode history = null;
        while (System.nanoTime() < deadline) {
            Launched.Result h = launched.run(in("cl1"), alice, 60, "history", "--project", "multi", "--json");
            assertEquals(0, h.exitCode(), h.output());
            history = new ObjectMapper().readTree(h.output().substring(h.output().indexOf('[')));
            int done = 0;
            agentsUsed.clear();
            for (JsonNode t : history) {
                if ("SUCCEEDED".equals(t.get("state").asText())) {
                    done++;
                    agentsUsed.add(t.get("agentId").asText());
                }
            }
            if (done == 8) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        assertEquals(Set.of("ag1", "ag2"), agentsUsed, "all 8 tasks succeeded, on both agent hosts: " + history);

        Map<String, String> mallory = new LinkedHashMap<>(alice);
        mallory.put("TASKGRID_KEYSTORE", keystore(tls, "cl2"));
        Launched.Result denied = launched.run(in("cl2"), mallory, 60, "history");
        assertEquals(2, denied.exitCode(), denied.output());
        assertTrue(denied.output().contains(hosts.get("cl2")) && denied.output().contains("clients.rules"), denied.output());

        Map<String, String> plain = new LinkedHashMap<>(alice);
        plain.remove("TASKGRID_KEYSTORE");
        plain.remove("TASKGRID_TRUSTSTORE");
        Launched.Result withoutTls = launched.run(in("cl1"), plain, 60, "history");
        assertTrue(withoutTls.exitCode() != 0, "a client without TLS keys gets nothing: " + withoutTls.output());
    }

    private static String keystore(Path tls, String client) {
        return tls.resolve("client-" + client + ".p12").toString();
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int exitCode(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }
}

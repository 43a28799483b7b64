package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.InvalidRequestException;
import io.taskgrid.api.Version;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.agent.AgentService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an administrator operates the grid with, over the real transports: the metrics scraped over HTTP and parsed,
 * {@code taskgrid status} over RMI, and an agent of another protocol refused in a sentence. One grid for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Grid grid;
    private MetricsEndpoint controllerEndpoint;
    private MetricsEndpoint agentEndpoint;

    @BeforeAll
    void startGrid(@TempDir Path folder) throws Exception {
        grid = Grid.start(folder, 4, 2);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        controllerEndpoint = MetricsEndpoint.start(loopback, grid.controller().metrics()::scrape);
        agentEndpoint = MetricsEndpoint.start(loopback, grid.agents().get(0).metrics()::scrape);
    }

    @AfterAll
    void stopGrid() {
        controllerEndpoint.close();
        agentEndpoint.close();
        grid.close();
    }

    @Test
    void controllerMetricsAreScrapedOverHttpAndCountATaskThatRan() throws Exception {
        HttpResponse<String> first = get(controllerEndpoint, "/metrics");
        assertEquals(200, first.statusCode());
        assertEquals(MetricsEndpoint.CONTENT_TYPE, first.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(first.body().contains("# TYPE taskgrid_tasks_submitted_total counter"), first.body());
        Map<String, Double> before = parse(first.body());
        String agent = grid.agents().get(0).agentId();
        assertEquals(1.0, before.get("taskgrid_agents_connected"), before::toString);
        assertEquals(2.0, before.get("taskgrid_agent_cpus{agent=\"" + agent + "\"}"), before::toString);
        assertEquals(4.0, before.get("taskgrid_max_processes"), before::toString);
        assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "JVM figures");
        double submitted = before.getOrDefault("taskgrid_tasks_submitted_total", 0.0);
        double succeeded = before.getOrDefault("taskgrid_tasks_ended_total{state=\"succeeded\"}", 0.0);

        Path program = grid.sharedFile("ops/hello.sh", "echo hello\n");
        CliResult run = grid.run("submit", program.toString(), "--project", "ops", "--wait");
        assertEquals(0, run.exitCode(), run.toString());

        Map<String, Double> after = scrapeUntil(controllerEndpoint,
                m -> m.getOrDefault("taskgrid_tasks_ended_total{state=\"succeeded\"}", 0.0) >= succeeded + 1);
        assertEquals(submitted + 1, after.get("taskgrid_tasks_submitted_total"), after::toString);
        assertTrue(after.get("taskgrid_task_wait_seconds_count") >= 1, after::toString);
        assertTrue(after.get("taskgrid_task_run_seconds_count{state=\"succeeded\"}") >= 1, after::toString);
        assertEquals(1.0, after.get("taskgrid_task_run_seconds_bucket{state=\"succeeded\",le=\"+Inf\"}")
                - before.getOrDefault("taskgrid_task_run_seconds_bucket{state=\"succeeded\",le=\"+Inf\"}", 0.0), after::toString);
        assertEquals(0.0, after.get("taskgrid_tasks{state=\"running\"}"), after::toString);
        assertEquals(0.0, after.get("taskgrid_mail_pending_reports"), after::toString);
        assertEquals(0.0, after.get("taskgrid_problems_total{kind=\"mail_not_sent\"}"), after::toString);
        for (String name : after.keySet()) {
            assertTrue(name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})?"), "a Prometheus name: " + name);
        }
    }

    @Test
    void theEndpointServesOnlyMetricsAndOnlyToGet() throws Exception {
        assertEquals(404, get(controllerEndpoint, "/").statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(controllerEndpoint, "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void agentMetricsSayItsCpusAndThatItIsRegistered() throws Exception {
        Map<String, Double> m = parse(get(agentEndpoint, "/metrics").body());
        assertEquals(2.0, m.get("taskgrid_agent_cpus"), m::toString);
        assertEquals(1.0, m.get("taskgrid_agent_registered"), m::toString);
        assertTrue(m.containsKey("taskgrid_agent_processed_bytes_total"), m::toString);
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("process_uptime_seconds")), m::toString);
    }

    @Test
    void statusSaysTheGridsHealthOverRmiInJsonAndOnOneScreen() {
        JsonNode s = grid.json("status");
        assertEquals(Version.PROTOCOL, s.get("protocol").asText(), s.toString());
        assertTrue(s.get("uptimeSeconds").asLong() >= 0, s.toString());
        assertEquals(1, s.get("agents").get("connected").asInt(), s.toString());
        assertEquals(2, s.get("slots").get("offered").asInt(), s.toString());
        assertEquals(4, s.get("slots").get("maxProcesses").asInt(), s.toString());
        assertTrue(s.get("history").get("schema").asInt() >= 13, s.toString());
        assertTrue(s.get("history").get("bytes").asLong() > 0, s.toString());
        assertTrue(s.get("history").get("file").asText().endsWith("taskgrid.db"), s.toString());
        assertTrue(s.get("clients").asInt() >= 1, "the status command's own session: " + s);

        CliResult text = grid.run("status");
        assertEquals(0, text.exitCode(), text.toString());
        text.out().lines().forEach(l -> assertTrue(l.length() <= 80, "wider than 80: " + l));
        assertTrue(text.out().contains("1 connected"), text.out());
    }

    @Test
    void anAgentOfAnotherProtocolIsRefusedInASentenceNamingBothAndStatusShowsIt() throws Exception {
        ControllerService controller = (ControllerService) LocateRegistry.getRegistry("localhost", grid.port())
                .lookup(ControllerService.REGISTRY_NAME);
        AgentService dummy = (AgentService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{AgentService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "an agent of an older version";
                    default -> throw new UnsupportedOperationException("never called");
                });
        AgentService stub = (AgentService) UnicastRemoteObject.exportObject(dummy, 0);
        try {
            String older = String.valueOf(Integer.parseInt(Version.PROTOCOL) - 1);
            InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> controller.registerAgent(
                    new AgentRegistration("old-agent", "h", 1, List.of(), older, List.of(), 0), stub));
            assertEquals("Agent old-agent speaks protocol " + older + " but this controller speaks " + Version.PROTOCOL
                    + "; run the same TaskGrid version on both.", refused.getMessage());

            JsonNode problems = grid.json("status").get("recentProblems");
            assertTrue(problems.toString().contains("refused_login") && problems.toString().contains("old-agent speaks protocol"),
                    problems.toString());
        } finally {
            UnicastRemoteObject.unexportObject(dummy, true);
        }
    }

    private Map<String, Double> scrapeUntil(MetricsEndpoint endpoint, Predicate<Map<String, Double>> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Double> m = parse(get(endpoint, "/metrics").body());
        while (!done.test(m) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            m = parse(get(endpoint, "/metrics").body());
        }
        assertTrue(done.test(m), "the metrics did not follow within 10 s: " + m);
        return m;
    }

    /** The text format's samples: {@code name{labels} value}, by name with labels; comments left out. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private HttpResponse<String> get(MetricsEndpoint endpoint, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(endpoint, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(MetricsEndpoint endpoint, String path) {
        return URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
    }
}

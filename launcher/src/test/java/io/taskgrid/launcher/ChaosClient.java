package io.taskgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskgrid.api.ControllerService;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.ClientKind;
import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;

import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chaos scenario's client over RMI, as a script would be: submits {@link ExecutionLog#PROGRAM} tasks and waits for
 * their final states, each task as {@code show --json} gives it (state, attempt, "attempts") for {@link ChaosChecker}.
 * One session per round, opened again after a failure, so that a controller that stood still or a lossy link does not
 * end the wait. Runs as a main class too, for a controller only reachable from inside a network namespace.
 */
final class ChaosClient {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The line {@link #main} prints the final tasks on. */
    static final String RESULT = "chaos-result ";
    /** The line {@link #main} prints each acknowledged id on. */
    static final String SUBMITTED = "chaos-submitted ";
    /** The line {@link #main} prints each refused submission on. */
    static final String REFUSED = "chaos-refused ";

    private final String host;
    private final int port;
    private final String user;
    private final String password;

    /** A client of a controller on this machine only, which needs no log-in. */
    ChaosClient(String host, int port) {
        this(host, port, "chaos", null);
    }

    ChaosClient(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    ClientSession session() throws Exception {
        ControllerService service = (ControllerService) LocateRegistry.getRegistry(host, port).lookup(ControllerService.REGISTRY_NAME);
        return service.openSession(new ClientHello(user, ClientKind.SCRIPT, password), null);
    }

    /** A run of the chaos program: {@code arguments} are its seconds and, optionally, the bytes it prints. */
    static TaskSpec task(String... arguments) {
        return TaskSpec.builder(ProgramSource.shared(ExecutionLog.PROGRAM)).arguments(List.of(arguments)).force(true).build();
    }

    /** Each task of {@code ids} as {@code show --json} gives it, once all are final or the time is up. */
    Map<Long, JsonNode> awaitFinal(Set<Long> ids, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<Long, JsonNode> tasks = new HashMap<>();
        while (true) {
            try {
                ClientSession session = session();
                try {
                    for (long id : ids) {
                        JsonNode known = tasks.get(id);
                        if (known == null || !TaskState.valueOf(known.get("state").asText()).isFinal()) {
                            TaskRecord t = session.task(id);
                            tasks.put(id, shown(t, t.state().isFinal() ? session.attempts(id) : List.of()));
                        }
                    }
                } finally {
                    session.close();
                }
            } catch (Exception unreachable) {
                // stood still, cut off or refusing for now: ask again in the next round
            }
            boolean allFinal = ids.stream().allMatch(id -> tasks.containsKey(id)
                    && TaskState.valueOf(tasks.get(id).get("state").asText()).isFinal());
            if (allFinal || System.nanoTime() > deadline) {
                return tasks;
            }
            Thread.sleep(250);
        }
    }

    /** The task as {@code show --json} writes it (the fields the checker reads). */
    static ObjectNode shown(TaskRecord t, List<TaskAttempt> attempts) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", t.id());
        n.put("state", t.state().name());
        n.put("attempt", t.attempt());
        n.put("agentId", t.agentId());
        n.put("message", t.message());
        n.put("exitCode", t.exitCode());
        ArrayNode array = n.putArray("attempts");
        for (TaskAttempt a : attempts) {
            ObjectNode o = array.addObject();
            o.put("attempt", a.attempt());
            o.put("agentId", a.agentId());
            o.put("startedAt", instant(a.startedAt()));
            o.put("endedAt", instant(a.endedAt()));
            o.put("state", a.state().name());
            o.put("message", a.message());
        }
        return n;
    }

    private static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    /**
     * {@code submit HOST PORT COUNT INTERVAL_MS ARGS…}: submits COUNT tasks one by one, INTERVAL_MS apart, and prints
     * each id (a refusal is printed and the stream goes on); {@code await HOST PORT SECONDS ID,ID…}: prints the tasks
     * as one JSON object by id once all are final or the time is up. Logs in as $TASKGRID_USER with $TASKGRID_PASSWORD.
     */
    public static void main(String[] args) throws Exception {
        ChaosClient client = new ChaosClient(args[1], Integer.parseInt(args[2]), System.getenv("TASKGRID_USER"),
                System.getenv("TASKGRID_PASSWORD"));
        if (args[0].equals("submit")) {
            int count = Integer.parseInt(args[3]);
            long interval = Long.parseLong(args[4]);
            String[] taskArguments = Arrays.copyOfRange(args, 5, args.length);
            ClientSession session = client.session();
            for (int i = 0; i < count; i++) {
                try {
                    System.out.println(SUBMITTED + session.submit(task(taskArguments)).id());
                } catch (Exception e) {
                    System.out.println(REFUSED + e);
                    session = reopen(client, session);
                }
                Thread.sleep(interval);
            }
            System.out.println("chaos-submitted-all");
        } else {
            Set<Long> ids = new LinkedHashSet<>();
            for (String id : args[4].split(",")) {
                ids.add(Long.parseLong(id));
            }
            Map<Long, JsonNode> tasks = client.awaitFinal(ids, Duration.ofSeconds(Long.parseLong(args[3])));
            ObjectNode all = JSON.createObjectNode();
            tasks.forEach((id, task) -> all.set(Long.toString(id), task));
            System.out.println(RESULT + JSON.writeValueAsString(all));
        }
        System.out.flush();
        System.exit(0);
    }

    private static ClientSession reopen(ChaosClient client, ClientSession old) {
        try {
            old.close();
        } catch (Exception gone) {
            // it is being replaced
        }
        for (int i = 0; i < 20; i++) {
            try {
                return client.session();
            } catch (Exception e) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IllegalStateException("no session with the controller at " + client.host + ":" + client.port);
    }

    /** Parses what {@link #main} printed with {@code await}. */
    static Map<Long, JsonNode> parseResult(String line) throws Exception {
        JsonNode all = JSON.readTree(line.substring(line.indexOf(RESULT) + RESULT.length()));
        Map<Long, JsonNode> tasks = new HashMap<>();
        all.fields().forEachRemaining(e -> tasks.put(Long.parseLong(e.getKey()), e.getValue()));
        return tasks;
    }

    static List<Long> ids(List<String> lines) {
        List<Long> ids = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(SUBMITTED)) {
                ids.add(Long.parseLong(line.substring(SUBMITTED.length()).trim()));
            }
        }
        return ids;
    }
}

package io.taskgrid.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.client.ClientInfo;
import io.taskgrid.api.task.ArraySummary;
import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.TaskArray;
import io.taskgrid.api.task.TaskAttempt;
import io.taskgrid.api.task.TaskRecord;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --json} form: one object (an array for lists), field names fixed by the command-line
 * contract, instants as ISO-8601 strings, absent values as {@code null}.
 */
final class JsonOutput {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String task(TaskRecord t) {
        return write(taskNode(t));
    }

    /** The task as {@link #task} writes it, with an {@code "attempts"} array: each run with its agent. */
    String task(TaskRecord t, List<TaskAttempt> attempts) {
        return task(t, attempts, List.of());
    }

    /** As {@link #task(TaskRecord, List)}, with the ids of the tasks that wait for it under {@code "dependants"}. */
    String task(TaskRecord t, List<TaskAttempt> attempts, List<TaskRecord> dependants) {
        ObjectNode n = taskNode(t);
        ArrayNode waiting = n.putArray("dependants");
        dependants.forEach(d -> waiting.add(d.id()));
        ArrayNode array = n.putArray("attempts");
        for (TaskAttempt a : attempts) {
            ObjectNode o = array.addObject();
            o.put("attempt", a.attempt());
            o.put("agentId", a.agentId());
            o.put("agentHost", a.agentHost());
            instant(o, "startedAt", a.startedAt());
            instant(o, "endedAt", a.endedAt());
            o.put("state", a.state().name());
            o.put("message", a.message());
        }
        return write(n);
    }

    String tasks(List<TaskRecord> tasks) {
        return tasks(tasks, Map.of());
    }

    /** The tasks; a folded array's first member (its id in {@code arrays}) carries the array under {@code "array"}. */
    String tasks(List<TaskRecord> tasks, Map<Long, ArraySummary> arrays) {
        ArrayNode array = mapper.createArrayNode();
        for (TaskRecord t : tasks) {
            ObjectNode n = taskNode(t);
            ArraySummary summary = arrays.get(t.id());
            if (summary != null) {
                n.set("array", summaryNode(summary));
            }
            array.add(n);
        }
        return write(array);
    }

    /** An array at a glance ({@code show 42 --json} for an array): its indexes, counts by state, failed indexes. */
    String array(ArraySummary s, List<TaskRecord> dependants) {
        ObjectNode n = summaryNode(s);
        ArrayNode ids = n.putArray("dependants");
        dependants.forEach(t -> ids.add(t.id()));
        return write(n);
    }

    /** The first member of an array just submitted, with the array's extent under {@code "array"}. */
    String submittedArray(TaskRecord first, TaskArray array) {
        ObjectNode n = taskNode(first);
        ObjectNode a = n.putObject("array");
        a.put("arrayId", first.id());
        extent(a, array);
        return write(n);
    }

    private ObjectNode summaryNode(ArraySummary s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("arrayId", s.arrayId());
        extent(n, s.array());
        n.put("program", s.program());
        n.put("clientUser", s.clientUser());
        instant(n, "submittedAt", s.submittedAt());
        instant(n, "endedAt", s.endedAt());
        n.put("ended", s.ended());
        n.put("finished", s.isFinished());
        ObjectNode counts = n.putObject("counts"); // by state name, as "state" is written; states no member is in are left out
        s.counts().forEach((state, count) -> counts.put(state.name(), count));
        ArrayNode failed = n.putArray("failedIndexes");
        s.failedIndexes().forEach(failed::add);
        return n;
    }

    private static void extent(ObjectNode n, TaskArray array) {
        n.put("indexes", array.toString());
        n.put("first", array.first());
        n.put("last", array.lastIndex());
        n.put("step", array.step());
        n.put("size", array.size());
        if (array.limited()) {
            n.put("limit", array.limit());
        } else {
            n.putNull("limit");
        }
    }

    String agents(List<AgentInfo> agents) {
        ArrayNode array = mapper.createArrayNode();
        for (AgentInfo a : agents) {
            ObjectNode n = array.addObject();
            n.put("id", a.id());
            n.put("host", a.host());
            n.put("slots", a.slots());
            n.put("running", a.running());
            if (a.cpuLoad() < 0) {
                n.putNull("cpuLoad");
            } else {
                n.put("cpuLoad", a.cpuLoad());
            }
            ArrayNode runtimes = n.putArray("runtimes");
            a.runtimes().stream().map(RuntimeInfo::language).distinct().forEach(l -> runtimes.add(l.displayName()));
            n.put("bytesProcessed", a.bytesProcessed());
            instant(n, "connectedAt", a.connectedAt());
            instant(n, "lastHeartbeatAt", a.lastHeartbeatAt());
            n.put("connected", a.connected());
            n.put("draining", a.draining());
            n.put("drained", a.drained());
            if (a.draining()) {
                n.put("drainReason", a.drainReason());
            }
            ArrayNode labels = n.putArray("labels");
            a.labels().forEach(labels::add);
            n.put("cpusInUse", a.cpusInUse());
            n.put("memoryBytes", a.memoryBytes());
            n.put("memoryInUse", a.memoryInUse());
        }
        return write(array);
    }

    String usage(io.taskgrid.api.client.UsageReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("fairShare", report.fairShare());
        root.put("halfLifeSeconds", report.halfLife().toSeconds());
        ArrayNode users = root.putArray("users");
        for (io.taskgrid.api.client.UserUsage u : report.users()) {
            ObjectNode n = users.addObject();
            n.put("user", u.user());
            n.put("recentCpuSeconds", u.recentCpuSeconds());
            n.put("share", u.share());
            n.put("running", u.running());
            n.put("waiting", u.queued());
        }
        return write(root);
    }

    /** The status as {@code taskgrid status} shows it, with every problem the controller keeps. */
    String status(io.taskgrid.api.client.GridStatus s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("version", s.version());
        n.put("protocol", s.protocol());
        instant(n, "startedAt", s.startedAt());
        instant(n, "at", s.at());
        n.put("uptimeSeconds", s.uptime().toSeconds());
        ObjectNode agents = n.putObject("agents");
        agents.put("connected", s.agents().connected());
        agents.put("draining", s.agents().draining());
        agents.put("drained", s.agents().drained());
        agents.put("lost", s.agents().lost());
        ObjectNode slots = n.putObject("slots");
        slots.put("offered", s.slots().offered());
        slots.put("busy", s.slots().busy());
        slots.put("running", s.slots().running());
        slots.put("maxProcesses", s.slots().maxProcesses());
        n.put("queued", s.queued());
        ArrayNode queue = n.putArray("queue");
        for (io.taskgrid.api.client.GridStatus.QueueCount q : s.queue()) {
            queue.addObject().put("reason", q.reason()).put("tasks", q.tasks());
        }
        n.put("clients", s.clients());
        n.put("mailPending", s.mailPending());
        ObjectNode history = n.putObject("history");
        history.put("file", s.history().file());
        history.put("bytes", s.history().bytes());
        history.put("tasks", s.history().tasks());
        history.put("schema", s.history().schema());
        ArrayNode problems = n.putArray("recentProblems");
        for (io.taskgrid.api.client.GridProblem p : s.recentProblems()) {
            ObjectNode o = problems.addObject();
            instant(o, "at", p.at());
            o.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
            o.put("message", p.message());
        }
        return write(n);
    }

    /** {@code {"before": ISO instant, "removedTasks": n, "removedResultFolders": n, "keptTasks": n, "continuing": bool}}. */
    String purge(io.taskgrid.api.client.PurgeReport report) {
        ObjectNode n = mapper.createObjectNode();
        instant(n, "before", report.before());
        n.put("removedTasks", report.tasks());
        n.put("removedResultFolders", report.resultFolders());
        n.put("keptTasks", report.kept());
        n.put("continuing", report.continuing());
        return write(n);
    }

    String clients(List<ClientInfo> clients) {
        ArrayNode array = mapper.createArrayNode();
        for (ClientInfo c : clients) {
            ObjectNode n = array.addObject();
            n.put("id", c.id());
            n.put("user", c.user());
            n.put("host", c.host());
            n.put("kind", c.kind() == null ? null : c.kind().name().toLowerCase(Locale.ROOT));
            instant(n, "connectedAt", c.connectedAt());
            n.put("callbacks", c.callbacks());
        }
        return write(array);
    }

    private ObjectNode taskNode(TaskRecord t) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", t.id());
        n.put("displayId", t.displayId()); // "42.7" for index 7 of array 42
        n.put("arrayId", t.arrayId());
        n.put("arrayIndex", t.arrayIndex());
        n.put("state", t.state().name());
        n.put("project", t.project());
        n.put("projectId", t.projectId());
        n.put("program", t.program());
        n.put("language", t.language() == null ? null : t.language().displayName());
        ArrayNode requires = n.putArray("requires"); // as typed: "gpu", "!big-mem"
        t.requirements().words().forEach(requires::add);
        n.put("cpus", t.resources().cpus());
        if (t.resources().hasMemory()) {
            n.put("memoryRequestBytes", t.resources().memoryBytes());
        } else {
            n.putNull("memoryRequestBytes");
        }
        ArrayNode args = n.putArray("arguments");
        t.arguments().forEach(args::add);
        n.put("dataPath", t.dataPath());
        n.put("email", t.email());
        if (t.timeout() == null) {
            n.putNull("timeoutSeconds");
        } else {
            n.put("timeoutSeconds", t.timeout().toMillis() / 1000.0);
        }
        n.put("priority", t.priority());
        n.put("agentId", t.agentId());
        n.put("agentHost", t.agentHost());
        n.put("exitCode", t.exitCode());
        n.put("output", t.output());
        n.put("errorOutput", t.errorOutput());
        n.put("message", t.message());
        n.put("waitReason", t.waitReason());
        instant(n, "submittedAt", t.submittedAt());
        instant(n, "startedAt", t.startedAt());
        instant(n, "endedAt", t.endedAt());
        n.put("resultPath", t.resultPath());
        if (t.outputWithheld()) {
            n.put("outputWithheld", true);
        }
        n.put("clientUser", t.clientUser());
        n.put("clientHost", t.clientHost());
        n.put("attempt", t.attempt());
        ObjectNode retry = n.putObject("retry"); // retries 0: not retried
        retry.put("retries", t.retry().retries());
        retry.put("delaySeconds", t.retry().delay().toMillis() / 1000.0);
        ArrayNode onExit = retry.putArray("onExitCodes"); // empty: any non-zero exit code
        t.retry().onExit().forEach(onExit::add);
        retry.put("used", t.retriesUsed());
        instant(retry, "nextAttemptAt", t.waitsToRetry() ? t.retryAt() : null);
        n.put("duplicateOf", t.duplicateOf());
        ArrayNode after = n.putArray("after"); // what it waits for: {"kind": "after-any", "taskId": 42}
        for (Dependency d : t.after()) {
            ObjectNode o = after.addObject();
            o.put("kind", d.kind().option());
            o.put("taskId", d.taskId());
        }
        n.put("mailStatus", t.mailStatus());
        ResourceUsage u = t.usage();
        if (u == null) {
            n.putNull("cpuSeconds");
            n.putNull("memoryBytes");
            n.putNull("bytesRead");
            n.putNull("peakMemoryBytes");
        } else {
            n.put("cpuSeconds", u.cpuSeconds());
            n.put("memoryBytes", u.memoryBytes());
            n.put("bytesRead", u.bytesRead());
            n.put("peakMemoryBytes", u.peakMemoryBytes());
        }
        return n;
    }

    private static void instant(ObjectNode n, String name, Instant instant) {
        n.put(name, instant == null ? null : instant.toString());
    }

    private String write(Object node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
    }
}

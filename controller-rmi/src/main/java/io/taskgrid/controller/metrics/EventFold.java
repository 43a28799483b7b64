package io.taskgrid.controller.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taskgrid.api.agent.AgentInfo;
import io.taskgrid.api.event.AgentEvent;
import io.taskgrid.api.event.GridEvent;
import io.taskgrid.api.event.TaskEvent;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskState;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Folds the grid's events into metrics: the tasks not ended by phase and the queue by language (from each task's last
 * event), the agents and what runs on each (from their heartbeats), submissions and ends, how long tasks waited for
 * their first start and how long they ran. Applied on the metrics thread only; the gauges read atomics from the
 * scraping thread.
 */
final class EventFold {
    /** Submit → first start: from a blink to an hour in the queue. */
    private static final Duration[] WAIT_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600);
    /** Start → end: from a blink to a day. */
    private static final Duration[] RUN_BUCKETS = seconds(0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600);

    /** Where a task not ended stands, as the gauge's state label says it. */
    enum Phase {
        QUEUED, HELD, RETRY_WAIT, RUNNING;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Phase of(TaskRecord t) {
            if (t.state() == TaskState.RUNNING) {
                return RUNNING;
            }
            if (t.heldBy() != null) {
                return HELD;
            }
            return t.waitsToRetry() ? RETRY_WAIT : QUEUED;
        }
    }

    /** A task not ended: its phase, language, and whether its first start was timed (enums: 100,000 queued cost ~7 MB). */
    private record Live(Phase phase, Language language, boolean started) {
    }

    private final MeterRegistry registry;
    private final Map<Long, Live> live = new HashMap<>();
    private final Map<Phase, AtomicInteger> byPhase = new EnumMap<>(Phase.class);
    private final Map<Language, AtomicInteger> queuedByLanguage = new ConcurrentHashMap<>();
    private final Map<String, AgentGauges> agents = new HashMap<>();
    private final AtomicInteger agentsConnected = new AtomicInteger();
    private final AtomicInteger agentsDraining = new AtomicInteger();
    private final Counter submitted;
    private final Counter agentsLost;
    private final Counter missed;
    private final Timer waited;
    private final Map<TaskState, Counter> ended = new EnumMap<>(TaskState.class);
    private final Map<TaskState, Timer> ran = new EnumMap<>(TaskState.class);
    private long highestId;

    EventFold(MeterRegistry registry) {
        this.registry = registry;
        for (Phase p : Phase.values()) {
            AtomicInteger n = new AtomicInteger();
            byPhase.put(p, n);
            Gauge.builder("taskgrid.tasks", n, AtomicInteger::get).description("Tasks not ended, by state")
                    .tag("state", p.label()).register(registry);
        }
        Gauge.builder("taskgrid.agents.connected", agentsConnected, AtomicInteger::get)
                .description("Agents holding a session with the controller").register(registry);
        Gauge.builder("taskgrid.agents.draining", agentsDraining, AtomicInteger::get)
                .description("Connected agents an administrator drained (they take no new task)").register(registry);
        submitted = Counter.builder("taskgrid.tasks.submitted").description("Tasks submitted (refused and duplicates included)")
                .register(registry);
        agentsLost = Counter.builder("taskgrid.agents.lost").description("Agents declared lost after the heartbeat timeout")
                .register(registry);
        missed = Counter.builder("taskgrid.metrics.events.missed")
                .description("Times the metrics fell behind the event ring and took the grid's state again").register(registry);
        waited = Timer.builder("taskgrid.task.wait").description("From submission to the first start of a task")
                .serviceLevelObjectives(WAIT_BUCKETS).register(registry);
        for (TaskState s : TaskState.values()) {
            if (s.isFinal()) {
                String label = s.name().toLowerCase(Locale.ROOT);
                ended.put(s, Counter.builder("taskgrid.tasks.ended").description("Tasks that reached a final state")
                        .tag("state", label).register(registry));
            }
            if (s == TaskState.SUCCEEDED || s == TaskState.FAILED || s == TaskState.CANCELLED) { // the states a run ends in
                String label = s.name().toLowerCase(Locale.ROOT);
                ran.put(s, Timer.builder("taskgrid.task.run").description("From the start to the end of a task's last run")
                        .tag("state", label).serviceLevelObjectives(RUN_BUCKETS).register(registry));
            }
        }
    }

    /**
     * Takes the grid as it is (at the start, and after a miss): the tasks not ended, the newest id (later ones count
     * as submitted), the connected agents.
     */
    void seed(List<TaskRecord> notEnded, long newestId, List<AgentInfo> connected) {
        live.clear();
        byPhase.values().forEach(n -> n.set(0));
        queuedByLanguage.values().forEach(n -> n.set(0));
        for (TaskRecord t : notEnded) {
            // Started already or not: a task taken from the history is not timed (its wait began before we looked).
            enter(t, new Live(Phase.of(t), language(t), true));
        }
        highestId = Math.max(highestId, newestId);
        for (String id : List.copyOf(agents.keySet())) {
            agentGone(id);
        }
        connected.forEach(this::agentSeen);
    }

    void apply(GridEvent event) {
        if (event instanceof TaskEvent t) {
            task(t.task());
        } else if (event instanceof AgentEvent a) {
            switch (a.kind()) {
                case JOINED, UPDATED -> agentSeen(a.agent());
                case LEFT -> agentGone(a.agent().id());
                case LOST -> {
                    agentGone(a.agent().id());
                    agentsLost.increment();
                }
            }
        }
    }

    void missed() {
        missed.increment();
    }

    private void task(TaskRecord t) {
        boolean isNew = t.id() > highestId;
        if (isNew) {
            highestId = t.id();
            submitted.increment();
        }
        Live before = live.remove(t.id());
        if (before != null) {
            leave(before);
        }
        if (t.state().isFinal()) {
            if (before != null || isNew) {
                ended.get(t.state()).increment();
                if (ran.containsKey(t.state()) && t.startedAt() != null && t.endedAt() != null) {
                    ran.get(t.state()).record(Duration.between(t.startedAt(), t.endedAt()));
                }
            }
            return;
        }
        boolean started = before != null ? before.started() : !isNew;
        if (!started && t.state() == TaskState.RUNNING && t.startedAt() != null && t.submittedAt() != null) {
            waited.record(Duration.between(t.submittedAt(), t.startedAt()));
            started = true;
        }
        enter(t, new Live(Phase.of(t), language(t), started));
    }

    private void enter(TaskRecord t, Live l) {
        live.put(t.id(), l);
        byPhase.get(l.phase()).incrementAndGet();
        if (l.phase() == Phase.QUEUED) {
            queued(l.language()).incrementAndGet();
        }
    }

    private void leave(Live l) {
        byPhase.get(l.phase()).decrementAndGet();
        if (l.phase() == Phase.QUEUED) {
            queued(l.language()).decrementAndGet();
        }
    }

    private AtomicInteger queued(Language language) {
        AtomicInteger known = queuedByLanguage.get(language); // the usual case, without computeIfAbsent's lock
        return known != null ? known : queuedByLanguage.computeIfAbsent(language, lang -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("taskgrid.queued.tasks", n, AtomicInteger::get)
                    .description("Tasks waiting in the queue for a slot, by language (held and retrying ones not counted)")
                    .tag("language", lang.name().toLowerCase(Locale.ROOT)).register(registry);
            return n;
        });
    }

    private void agentSeen(AgentInfo info) {
        AgentGauges g = agents.computeIfAbsent(info.id(), id -> new AgentGauges(registry, id));
        if (g.info == null) {
            agentsConnected.incrementAndGet();
        } else if (g.info.draining()) {
            agentsDraining.decrementAndGet();
        }
        if (info.draining()) {
            agentsDraining.incrementAndGet();
        }
        g.info = info;
    }

    private void agentGone(String id) {
        AgentGauges g = agents.remove(id);
        if (g != null) {
            agentsConnected.decrementAndGet();
            if (g.info != null && g.info.draining()) {
                agentsDraining.decrementAndGet();
            }
            g.remove(registry);
        }
    }

    /** A task refused before its language was known counts as a plain executable. */
    private static Language language(TaskRecord t) {
        return t.language() == null ? Language.EXECUTABLE : t.language();
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }

    /** One agent's gauges, removed when it leaves or is lost (an agent id is not kept for ever as a label). */
    private static final class AgentGauges {
        private volatile AgentInfo info;
        private final List<Meter> meters;

        AgentGauges(MeterRegistry registry, String id) {
            meters = List.of(
                    Gauge.builder("taskgrid.agent.running.tasks", this, g -> g.info == null ? 0 : g.info.running())
                            .description("Tasks running on an agent").tag("agent", id).register(registry),
                    Gauge.builder("taskgrid.agent.cpus", this, g -> g.info == null ? 0 : g.info.slots())
                            .description("CPUs an agent offers").tag("agent", id).register(registry),
                    Gauge.builder("taskgrid.agent.busy.cpus", this, g -> g.info == null ? 0 : g.info.cpusInUse())
                            .description("CPUs the tasks running on an agent asked for").tag("agent", id).register(registry));
        }

        void remove(MeterRegistry registry) {
            meters.forEach(registry::remove);
        }
    }
}

package io.taskgrid.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Entry point of {@code bench/run}: every scenario of issue 4 against real controller and agent JVMs on
 * loopback, then the report. Arguments: {@code --repo DIR --out DIR [--quick] [--slurm-tsv FILE] [--command TEXT]}.
 */
public final class Bench {
    private static final int AGENTS = 2;
    private static final int SLOTS = 2;

    /**
     * Tasks run on a fresh grid before anything is measured: the servers are long-running, and the JIT keeps compiling
     * for tens of thousands of tasks (a method called once per task reaches C2's thresholds only after ~15,000 calls on
     * each agent). On this VM a fresh agent JVM spent ~19 s of CPU in C2 over its first ~100,000 tasks, still ~20 % of
     * its samples after 32,000, and the CPU the grid spends per task fell from ~3.9 ms after 4,000 tasks to ~1.9 ms
     * (jstat -compiler, -XX:+PrintCompilation, perf and /proc, 2026-12-06). The warm-up's own figures are reported
     * too ("fresh grid").
     */
    static final int WARM_UP_TASKS = 50_000;
    /** The scenarios, in the order they run; {@code --only} picks some of them. */
    static final List<String> SCENARIOS = List.of("e2e", "submission", "scheduler", "scheduler-shared", "arrays", "chain",
            "history", "retention", "callbacks", "desktop");

    private final Setup setup;
    private final Set<String> only;
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, List<Figure>> sections = new LinkedHashMap<>();
    private final Map<Integer, List<Double>> chartGrid = new TreeMap<>();
    private final Map<Integer, List<Double>> chartCeilingSh = new TreeMap<>();
    private final Map<Integer, List<Double>> chartCeilingTrue = new TreeMap<>();
    private double ceilingSh;

    private Bench(Setup setup, Set<String> only) {
        this.setup = setup;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(".");
        Path out = null;
        Path slurm = null;
        boolean quick = false;
        String command = "bench/run";
        Set<String> only = new LinkedHashSet<>(SCENARIOS);
        List<String> serverOpts = new ArrayList<>();
        List<String> agentArgs = new ArrayList<>();
        List<String> controllerArgs = new ArrayList<>();
        List<String> windowOpts = new ArrayList<>();
        int warmUp = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--repo" -> repo = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--slurm-tsv" -> slurm = Path.of(args[++i]);
                case "--command" -> command = args[++i];
                case "--server-jvm-opt" -> serverOpts.add(args[++i]);
                case "--agent-arg" -> agentArgs.add(args[++i]);
                case "--controller-arg" -> controllerArgs.add(args[++i]);
                case "--window-jvm-opt" -> windowOpts.add(args[++i]);
                case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
                case "--only" -> {
                    only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                    for (String name : only) {
                        if (!SCENARIOS.contains(name)) {
                            System.err.println("Unknown scenario '" + name + "' in --only; use some of " + String.join(",", SCENARIOS) + ".");
                            System.exit(2);
                        }
                    }
                }
                default -> {
                    System.err.println("Unknown argument " + args[i] + "; use bench/run [--quick] [--with-slurm].");
                    System.exit(2);
                }
            }
        }
        repo = repo.toAbsolutePath().normalize();
        Path docs = out != null ? out : repo.resolve("docs");
        Files.createDirectories(docs);
        Path work = Files.createTempDirectory("taskgrid-bench-");
        if (warmUp < 0) {
            warmUp = quick ? 10 : WARM_UP_TASKS;
        }
        Setup setup = new Setup(repo, work, repo.resolve("launcher/target/lib"), quick, quick ? 1 : 3, List.copyOf(serverOpts),
                List.copyOf(agentArgs), warmUp, List.copyOf(windowOpts), List.copyOf(controllerArgs));
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        // 10 minutes, not bin/taskgrid's 60 s: the retention scenario's purge of 1,000,000 tasks is one call of a minute or more.
        System.setProperty("sun.rmi.transport.tcp.responseTimeout", "600000");
        Bench bench = new Bench(setup, only);
        long t0 = System.nanoTime();
        try {
            bench.runAll();
        } catch (BenchException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("bench: logs of the servers are under " + work);
            System.exit(1);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        bench.write(docs, command, slurm, took);
        deleteTree(work);
        System.out.println("bench: wrote " + docs.resolve("benchmarks.md") + " and benchmarks.png in " + took.toSeconds() + " s");
        System.exit(0);
    }

    private void runAll() {
        if (only.contains("e2e")) {
            endToEnd();
        }
        if (only.contains("submission")) {
            submission();
        }
        if (only.contains("scheduler")) {
            schedulerScale();
        }
        if (only.contains("scheduler-shared")) {
            schedulerShared();
        }
        WorkflowScenarios workflows = new WorkflowScenarios(setup);
        if (only.contains("arrays")) {
            workflows.arrays().forEach(f -> add("Arrays", f));
        }
        if (only.contains("chain")) {
            workflows.chain().forEach(f -> add("Chain", f));
        }
        if (only.contains("history")) {
            history();
        }
        if (only.contains("retention")) {
            retention();
        }
        if (only.contains("callbacks")) {
            callbacks();
        }
        if (only.contains("desktop")) {
            desktop();
        }
    }

    private void add(String section, Figure f) {
        figures.add(f);
        sections.computeIfAbsent(section, k -> new ArrayList<>()).add(f);
        System.out.printf(Locale.ROOT, "bench: %-14s %-58s %10s %s  runs %s%n", f.scenario(), f.metric(), Report.number(f.median()), f.unit(), f.runs());
    }

    // ------------------------------------------------------------ ceiling and end to end

    private void endToEnd() {
        int n = setup.endToEndTasks();
        int slots = AGENTS * SLOTS;
        CeilingScenario ceiling = new CeilingScenario(setup);
        String script = CeilingScenario.script(setup.work().resolve("ceiling")).toString();
        try (Grid grid = Grid.controller(setup, "end-to-end", slots, Duration.ofSeconds(10))) {
            grid.startAgents(AGENTS, SLOTS);
            EndToEnd e2e = new EndToEnd(grid);
            EndToEnd.Run fresh = e2e.run(setup.warmUpTasks(), 1, Duration.ofMinutes(15)); // warm-up, reported apart
            List<Double> tput1 = new ArrayList<>();
            List<Double> tput4 = new ArrayList<>();
            List<Double> p50s1 = new ArrayList<>(), p99s1 = new ArrayList<>(), p50e1 = new ArrayList<>(), p99e1 = new ArrayList<>();
            List<Double> p50s4 = new ArrayList<>(), p99s4 = new ArrayList<>(), p50e4 = new ArrayList<>(), p99e4 = new ArrayList<>();
            List<Double> idle50 = new ArrayList<>(), idle99 = new ArrayList<>(), idleEnd50 = new ArrayList<>();
            List<Double> cpuCeiling = new ArrayList<>(), cpuController = new ArrayList<>(), cpuAgents = new ArrayList<>();
            List<Double> cpuPrograms = new ArrayList<>(), cpuClient = new ArrayList<>(), cpuTotal = new ArrayList<>();
            for (int r = 0; r < setup.runs(); r++) {
                for (int size : setup.chartSizes()) {
                    chartCeilingTrue.computeIfAbsent(size, k -> new ArrayList<>())
                            .add(ceiling.measure(size, slots, List.of("/bin/true")).tasksPerSecond());
                    CeilingScenario.Result sh = ceiling.measure(size, slots, List.of("/bin/sh", script));
                    chartCeilingSh.computeIfAbsent(size, k -> new ArrayList<>()).add(sh.tasksPerSecond());
                    EndToEnd.Run run = e2e.run(size, 1, Duration.ofMinutes(10));
                    chartGrid.computeIfAbsent(size, k -> new ArrayList<>()).add(run.tasksPerSecond());
                    if (size == n) {
                        cpuCeiling.add(sh.cpuMsPerTask());
                        cpuController.add(run.cpu().controller());
                        cpuAgents.add(run.cpu().agents());
                        cpuPrograms.add(run.cpu().programs());
                        cpuClient.add(run.cpu().client());
                        cpuTotal.add(run.cpu().total());
                        tput1.add(run.tasksPerSecond());
                        p50s1.add(Stats.percentile(run.startMs(), 50));
                        p99s1.add(Stats.percentile(run.startMs(), 99));
                        p50e1.add(Stats.percentile(run.endMs(), 50));
                        p99e1.add(Stats.percentile(run.endMs(), 99));
                    }
                }
                EndToEnd.Run four = e2e.run(n, 4, Duration.ofMinutes(10));
                tput4.add(four.tasksPerSecond());
                p50s4.add(Stats.percentile(four.startMs(), 50));
                p99s4.add(Stats.percentile(four.startMs(), 99));
                p50e4.add(Stats.percentile(four.endMs(), 50));
                p99e4.add(Stats.percentile(four.endMs(), 99));
                List<Double> idleStart = new ArrayList<>();
                List<Double> idleEnd = new ArrayList<>();
                for (int i = 0; i < (setup.quick() ? 5 : 50); i++) {
                    EndToEnd.Run one = e2e.run(1, 1, Duration.ofSeconds(30));
                    idleStart.addAll(one.startMs());
                    idleEnd.addAll(one.endMs());
                }
                idle50.add(Stats.percentile(idleStart, 50));
                idle99.add(Stats.percentile(idleStart, 99));
                idleEnd50.add(Stats.percentile(idleEnd, 50));
            }
            double ceilTrue = Stats.median(chartCeilingTrue.get(n));
            ceilingSh = Stats.median(chartCeilingSh.get(n));
            String s = "Ceiling and end to end";
            add(s, Figure.of("ceiling", "`/bin/true`, " + n + " from one JVM, " + slots + " threads", "tasks/s", chartCeilingTrue.get(n)));
            add(s, Figure.of("ceiling", "one-line `sh` script, " + n + " from one JVM, " + slots + " threads", "tasks/s", chartCeilingSh.get(n)));
            add(s, Figure.of("end to end", n + " tasks, 1 client: completed", "tasks/s", tput1).against(ceilingSh)
                    .atLeast(Math.max(1000, 0.7 * ceilingSh), "≥ 1,000/s and ≥ 70% of the ceiling"));
            add(s, Figure.of("end to end", n + " tasks, 4 clients: completed", "tasks/s", tput4).against(ceilingSh)
                    .atLeast(Math.max(1000, 0.7 * ceilingSh), "≥ 1,000/s and ≥ 70% of the ceiling"));
            add(s, Figure.of("end to end", "1 client: submit→start p50 (burst, includes queueing)", "ms", p50s1));
            add(s, Figure.of("end to end", "1 client: submit→start p99 (burst)", "ms", p99s1));
            add(s, Figure.of("end to end", "1 client: submit→end p50 (burst)", "ms", p50e1));
            add(s, Figure.of("end to end", "1 client: submit→end p99 (burst)", "ms", p99e1));
            add(s, Figure.of("end to end", "4 clients: submit→start p50 (burst)", "ms", p50s4));
            add(s, Figure.of("end to end", "4 clients: submit→start p99 (burst)", "ms", p99s4));
            add(s, Figure.of("end to end", "4 clients: submit→end p50 (burst)", "ms", p50e4));
            add(s, Figure.of("end to end", "4 clients: submit→end p99 (burst)", "ms", p99e4));
            add(s, Figure.of("idle grid", "one task at a time: submit→start p50", "ms", idle50).atMost(5, "p50 ≤ 5 ms"));
            add(s, Figure.of("idle grid", "one task at a time: submit→start p99", "ms", idle99).atMost(20, "p99 ≤ 20 ms"));
            add(s, Figure.of("idle grid", "one task at a time: submit→end p50", "ms", idleEnd50));
            add(s, Figure.of("fresh grid", "the warm-up: first " + setup.warmUpTasks() + " tasks, 1 client: completed", "tasks/s",
                    List.of(fresh.tasksPerSecond())).against(ceilingSh));
            String cpu = "CPU per task";
            add(cpu, Figure.of("ceiling", "one-line `sh` script: the JVM and its programs", "ms", cpuCeiling));
            add(cpu, Figure.of("end to end", "1 client: all processes", "ms", cpuTotal));
            add(cpu, Figure.of("end to end", "1 client: controller JVM", "ms", cpuController));
            add(cpu, Figure.of("end to end", "1 client: agent JVMs", "ms", cpuAgents));
            add(cpu, Figure.of("end to end", "1 client: the programs (the agents' children)", "ms", cpuPrograms));
            add(cpu, Figure.of("end to end", "1 client: the submitting client", "ms", cpuClient));
            add(cpu, Figure.of("fresh grid", "the warm-up (" + setup.warmUpTasks() + " tasks): all processes", "ms",
                    List.of(fresh.cpu().total())));
            if (ceilTrue > 0) {
                System.out.printf(Locale.ROOT, "bench: ceiling /bin/true %.0f/s, sh %.0f/s%n", ceilTrue, ceilingSh);
            }
        }
        endToEndInMemory(n, slots);
    }

    /**
     * The same end-to-end run with every folder (history, shared folder with the results, agents' work folders) on
     * tmpfs: on this VM's ext4 disk, creating a folder and four files costs 1–4 ms of kernel time (measured), which the
     * ceiling, writing nothing, does not pay; this figure is TaskGrid's own cost. Skipped without /dev/shm.
     */
    private void endToEndInMemory(int n, int slots) {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
            System.out.println("bench: no writable /dev/shm; the end-to-end run on tmpfs is skipped");
            return;
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(shm, "taskgrid-bench-");
        } catch (IOException e) {
            System.out.println("bench: /dev/shm refused a folder (" + e.getMessage() + "); the end-to-end run on tmpfs is skipped");
            return;
        }
        List<Double> tput = new ArrayList<>();
        List<Double> cpuTotal = new ArrayList<>();
        List<Double> cpuAgents = new ArrayList<>();
        try (Grid grid = Grid.controllerIn(setup, dir, slots, Duration.ofSeconds(10))) {
            grid.startAgents(AGENTS, SLOTS);
            EndToEnd e2e = new EndToEnd(grid);
            e2e.run(setup.warmUpTasks(), 1, Duration.ofMinutes(15)); // warm-up, not counted
            for (int r = 0; r < setup.runs(); r++) {
                EndToEnd.Run run = e2e.run(n, 1, Duration.ofMinutes(10));
                tput.add(run.tasksPerSecond());
                cpuTotal.add(run.cpu().total());
                cpuAgents.add(run.cpu().agents());
            }
        } finally {
            deleteTree(dir);
        }
        add("Ceiling and end to end", Figure.of("end to end", n + " tasks, 1 client, all folders on tmpfs: completed", "tasks/s", tput)
                .against(ceilingSh).atLeast(Math.max(1000, 0.7 * ceilingSh), "≥ 1,000/s and ≥ 70% of the ceiling"));
        add("CPU per task", Figure.of("end to end", "1 client, all folders on tmpfs: all processes", "ms", cpuTotal));
        add("CPU per task", Figure.of("end to end", "1 client, all folders on tmpfs: agent JVMs", "ms", cpuAgents));
    }

    // ------------------------------------------------------------ submission

    private void submission() {
        List<Double> single = new ArrayList<>();
        List<Double> batched = new ArrayList<>();
        try (Grid grid = Grid.controller(setup, "submission", 8, LightAgents.heartbeatTimeout());
             LightAgents agents = new LightAgents(1)) {
            agents.register(grid.service(), "bench-light", 1, 1);
            agents.hold();
            Submission sub = new Submission(grid);
            sub.single(setup.quick() ? 20 : 500); // warm-up
            for (int r = 0; r < setup.runs(); r++) {
                single.add(sub.single(setup.submissionTasks()));
                batched.add(sub.batched(setup.batchSubmissionTasks()));
            }
        }
        String s = "Submission";
        add(s, Figure.of("submission", setup.submissionTasks() + " × `submit`, one call each, 1 client: persisted", "tasks/s", single)
                .atLeast(5000, "≥ 5,000/s"));
        add(s, Figure.of("submission", setup.batchSubmissionTasks() + " via `submitAll` in batches of " + Submission.BATCH
                + " (`submit --each`): persisted", "tasks/s", batched).atLeast(5000, "≥ 5,000/s"));
    }

    // ------------------------------------------------------------ scheduler scale

    /** Light agents hold 1 task ahead (a real agent's default: as many as its slots), then 16 (`--queue-ahead 16`). */
    static final List<Integer> SCALE_QUEUE_AHEAD = List.of(1, 16);
    /**
     * Threads the 500 light agents share to send their reports (500 real agents would have one each); with 8 the
     * harness itself was the narrowest point.
     */
    static final int REPORTER_THREADS = 32;

    private void schedulerScale() {
        int agentsN = setup.scaleAgents();
        for (int queueAhead : SCALE_QUEUE_AHEAD) {
            List<Double> rate = new ArrayList<>();
            List<Double> heap = new ArrayList<>();
            List<Double> controllerCpu = new ArrayList<>();
            List<Double> harnessCpu = new ArrayList<>();
            try (Grid grid = Grid.controller(setup, "scheduler-ahead-" + queueAhead, agentsN, LightAgents.heartbeatTimeout());
                 LightAgents agents = new LightAgents(REPORTER_THREADS)) {
                agents.register(grid.service(), "bench-light", agentsN, 1, queueAhead);
                grid.awaitAgents(agentsN);
                SchedulerScale scale = new SchedulerScale(grid, agents, agentsN);
                scale.run(setup.scaleQueued()); // untimed: the controller's JIT compiles its hot paths meanwhile
                for (int r = 0; r < setup.runs(); r++) {
                    SchedulerScale.Run run = scale.run(setup.scaleQueued());
                    rate.add(run.decisionsPerSecond());
                    heap.add(run.heapMb());
                    controllerCpu.add(run.controllerCpuMicros());
                    harnessCpu.add(run.harnessCpuMicros());
                }
            }
            String s = "Scheduler";
            String agentsText = agentsN + " light agents × 1 slot, " + queueAhead + " ahead";
            add(s, Figure.of("scheduler", agentsText + ", " + setup.scaleQueued() + " queued: placed and ended", "tasks/s", rate)
                    .atLeast(20_000, "≥ 20,000 decisions/s"));
            add(s, Figure.of("scheduler", "controller heap after a full GC, " + setup.scaleQueued() + " queued (" + queueAhead
                    + " ahead)", "MB", heap).atMost(256, "≤ 256 MB"));
            add(s, Figure.of("scheduler", "controller CPU per task while draining (" + queueAhead + " ahead)", "µs", controllerCpu));
            add(s, Figure.of("scheduler", "light agents' CPU per task while draining (the harness JVM, " + queueAhead + " ahead)",
                    "µs", harnessCpu));
        }
    }

    /**
     * Issue 22: the scheduler scenario on a pool shared by {@value SharedPool#USERS} users with fair share, priorities and
     * labels and resource requests (see {@link SharedPool}); agents of {@value SharedPool#CPUS} CPUs and as many ahead
     * (a real agent's default).
     */
    private void schedulerShared() {
        int agentsN = setup.scaleAgents();
        int queued = setup.scaleQueued();
        int queueAhead = SharedPool.CPUS; // a real agent's default: as many ahead as it has slots
        List<Double> rate = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        List<Double> controllerCpu = new ArrayList<>();
        List<Double> harnessCpu = new ArrayList<>();
        try (Grid grid = Grid.controller(setup, "scheduler-shared", agentsN * SharedPool.CPUS, LightAgents.heartbeatTimeout());
             LightAgents agents = new LightAgents(REPORTER_THREADS)) {
            agents.register(grid.service(), "bench-light", agentsN, SharedPool.CPUS, queueAhead, SharedPool::labels,
                    (long) SharedPool.MEMORY_GB << 30);
            grid.awaitAgents(agentsN);
            SchedulerScale scale = new SchedulerScale(grid, agents, agentsN, new SharedPool(grid));
            scale.run(queued); // untimed: the controller's JIT compiles its hot paths meanwhile
            for (int r = 0; r < setup.runs(); r++) {
                SchedulerScale.Run run = scale.run(queued);
                rate.add(run.decisionsPerSecond());
                heap.add(run.heapMb());
                controllerCpu.add(run.controllerCpuMicros());
                harnessCpu.add(run.harnessCpuMicros());
            }
        }
        String s = "Scheduler, shared pool";
        String load = queued + " queued from " + SharedPool.USERS + " users (fair share; priority 0/−10/+10: 90/5/5 %; 10 % require `gpu`,"
                + " 5 % `!big-mem`; 10 % ask for 2 CPUs, 5 % for 4, 20 % for 1–4 GB)";
        add(s, Figure.of("sched shared", agentsN + " light agents × " + SharedPool.CPUS + " CPUs and " + SharedPool.MEMORY_GB
                + " GB, " + queueAhead + " ahead (10 % `gpu`, 20 % `big-mem`), " + load
                + ": placed and ended", "tasks/s", rate).atLeast(20_000, "≥ 20,000 placements/s"));
        add(s, Figure.of("sched shared", "controller heap after a full GC, " + queued + " queued from " + SharedPool.USERS + " users",
                "MB", heap).atMost(256, "≤ 256 MB"));
        add(s, Figure.of("sched shared", "controller CPU per task while draining", "µs", controllerCpu));
        add(s, Figure.of("sched shared", "light agents' CPU per task while draining (the harness JVM)", "µs", harnessCpu));
    }

    // ------------------------------------------------------------ history

    private void history() {
        int rows = setup.historyRows();
        Map<String, List<Double>> latencies;
        // Retention off: the history is seeded past the default --keep-tasks of 1,000,000, and a sweep during the
        // queries would delete the task `show` reads.
        try (Grid grid = Grid.controller(setup, "history", 8, LightAgents.heartbeatTimeout(), "--keep-tasks", "off",
                "--keep-days", "off")) {
            try (LightAgents agents = new LightAgents(2)) {
                agents.register(grid.service(), "bench-light", 1, 4);
                HistoryScale.runGenuine(grid);
                grid.awaitIdle(Duration.ofMinutes(2));
            }
            grid.stopController();
            long t0 = System.nanoTime();
            HistoryScale.seed(grid.database(), rows);
            System.out.printf(Locale.ROOT, "bench: seeded %,d rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            grid.startController(8, LightAgents.heartbeatTimeout());
            HistoryScale.awaitTextIndex(grid.database(), Duration.ofMinutes(10));
            System.out.printf(Locale.ROOT, "bench: the controller started and indexed %,d rows for text search in %.1f s%n", rows,
                    (System.nanoTime() - t1) / 1e9);
            latencies = HistoryScale.measure(grid, setup.quick() ? 5 : 30, HistoryScale.GENUINE / 2);
        }
        String s = "History";
        for (Map.Entry<String, List<Double>> e : latencies.entrySet()) {
            add(s, Figure.of("history", String.format(Locale.ROOT, "%,d tasks: %s", rows, e.getKey()), "ms", e.getValue())
                    .atMost(20, "≤ 20 ms"));
        }
    }

    // ------------------------------------------------------------ retention

    /**
     * Issue 23: the retention deletes {@code retentionOldRows} old tasks (an administrator's purge, the sweep's own
     * pass) while a client queries the history back to back; its latencies against a baseline of the same run without
     * deletion. Each run seeds a history of its own ({@link RetentionScenario}).
     */
    private void retention() {
        int old = setup.retentionOldRows();
        int recent = setup.retentionRecentRows();
        List<Double> p50 = new ArrayList<>(), p99 = new ArrayList<>(), max = new ArrayList<>();
        List<Double> baseP50 = new ArrayList<>(), baseP99 = new ArrayList<>(), ratio = new ArrayList<>();
        List<Double> rate = new ArrayList<>(), seconds = new ArrayList<>(), queries = new ArrayList<>(), boundary = new ArrayList<>();
        List<Double> pagesP99 = new ArrayList<>(), textP99 = new ArrayList<>();
        RetentionScenario scenario = new RetentionScenario(setup);
        for (int r = 0; r < setup.retentionRuns(); r++) {
            RetentionScenario.Run run = scenario.run("retention-" + r, old, recent, Duration.ofSeconds(setup.quick() ? 2 : 20));
            double b99 = Stats.percentile(run.baselineMs(), 99);
            double d99 = Stats.percentile(run.duringMs(), 99);
            p50.add(Stats.percentile(run.duringMs(), 50));
            p99.add(d99);
            max.add(Stats.max(run.duringMs()));
            baseP50.add(Stats.percentile(run.baselineMs(), 50));
            baseP99.add(b99);
            ratio.add(d99 / b99);
            rate.add(run.rowsPerSecond());
            seconds.add(run.seconds());
            queries.add((double) run.duringMs().size());
            boundary.add(run.boundaryMs());
            // Pages and `show` have the 20 ms target, text searches their own 50 ms (issue 24): each kind on its own.
            List<Double> pages = new ArrayList<>(), texts = new ArrayList<>();
            run.duringByQuery().forEach((q, t) -> (q.startsWith("text search") ? texts : pages).addAll(t));
            pagesP99.add(Stats.percentile(pages, 99));
            textP99.add(Stats.percentile(texts, 99));
            System.out.printf(Locale.ROOT, "bench: retention run %d: %,d deleted in %.1f s (%.0f/s); queries p99 %.2f ms during"
                            + " (%d queries), %.2f ms before (%d)%n", r + 1, run.deleted(), run.seconds(), run.rowsPerSecond(), d99,
                    run.duringMs().size(), b99, run.baselineMs().size());
            run.duringByQuery().forEach((q, t) -> {
                List<Double> b = run.baselineByQuery().getOrDefault(q, List.of());
                System.out.printf(Locale.ROOT, "bench:   %-75s before p50 %6.2f p99 %6.2f | during p50 %6.2f p99 %6.2f max %6.2f ms%n", q,
                        Stats.percentile(b, 50), Stats.percentile(b, 99), Stats.percentile(t, 50), Stats.percentile(t, 99), Stats.max(t));
            });
        }
        String s = "History retention";
        String what = String.format(Locale.ROOT, "%,d old tasks deleted (+ %,d recent kept), one client querying back to back", old, recent);
        // All 8 pooled, as first measured; the targets are on each kind below (text searches have their own).
        add(s, Figure.of("retention", what + ": query p99 during the deletion, all 8 queries pooled", "ms", p99));
        add(s, Figure.of("retention", "same: p99 of the pages and `show` (5 of the 8 queries) during the deletion", "ms", pagesP99)
                .atMost(20, "p99 ≤ 20 ms"));
        add(s, Figure.of("retention", "same: p99 of the text searches (3 of the 8) during the deletion", "ms", textP99)
                .atMost(50, "p99 ≤ 50 ms (text search, issue 24)"));
        add(s, Figure.of("retention", "same: query p50 during the deletion", "ms", p50));
        add(s, Figure.of("retention", "same: query max during the deletion", "ms", max));
        add(s, Figure.of("retention", "same: queries answered during the deletion", "queries", queries));
        add(s, Figure.of("retention", "baseline, same run and history, no deletion: query p99", "ms", baseP99));
        add(s, Figure.of("retention", "baseline: query p50", "ms", baseP50));
        add(s, Figure.of("retention", "query p99 during the deletion ÷ baseline p99", "×", ratio));
        add(s, Figure.of("retention", "deletion rate (`purgeBefore`, batches of 500, 20 ms apart)", "tasks/s", rate));
        add(s, Figure.of("retention", String.format(Locale.ROOT, "time to delete the %,d old tasks", old), "s", seconds));
        add(s, Figure.of("retention", String.format(Locale.ROOT, "`--keep-tasks %,d`: finding the boundary (`ORDER BY id DESC LIMIT 1"
                + " OFFSET N-1`, %,d tasks, JDBC, warm)", old, old + recent), "ms", boundary));
    }

    // ------------------------------------------------------------ callbacks

    private void callbacks() {
        int clients = setup.callbackClients();
        int tasks = setup.callbackTasks();
        List<Double> rate = new ArrayList<>(), p99 = new ArrayList<>(), tput = new ArrayList<>();
        List<Double> rateSlow = new ArrayList<>(), p99Slow = new ArrayList<>(), tputSlow = new ArrayList<>();
        try (Grid grid = Grid.controller(setup, "callbacks", 4, LightAgents.heartbeatTimeout());
             LightAgents agents = new LightAgents(4)) {
            agents.register(grid.service(), "bench-light", 2, 2);
            Callbacks cb = new Callbacks(grid);
            cb.run(clients, setup.quick() ? 20 : 200, false); // warm-up
            for (int r = 0; r < setup.runs(); r++) {
                Callbacks.Run fast = cb.run(clients, tasks, false);
                rate.add(fast.eventsPerSecond());
                p99.add(Stats.percentile(fast.delaysMs(), 99));
                tput.add(fast.tasksPerSecond());
                Callbacks.Run slow = cb.run(clients, tasks, true);
                rateSlow.add(slow.eventsPerSecond());
                p99Slow.add(Stats.percentile(slow.delaysMs(), 99));
                tputSlow.add(slow.tasksPerSecond());
            }
        }
        String s = "Callbacks";
        add(s, Figure.of("callbacks", clients + " clients, " + tasks + " tasks on light agents: events delivered", "events/s", rate));
        add(s, Figure.of("callbacks", clients + " clients: event delay p99", "ms", p99).atMost(100, "p99 ≤ 100 ms"));
        add(s, Figure.of("callbacks", "tasks ended/s with " + clients + " clients", "tasks/s", tput));
        add(s, Figure.of("callbacks", "same, plus one client that takes 500 ms per delivery: tasks ended/s", "tasks/s", tputSlow)
                .atLeast(0.8 * Stats.median(tput), "within 20% of the run without it"));
        add(s, Figure.of("callbacks", "same: event delay p99 at the " + clients + " other clients", "ms", p99Slow)
                .atMost(100, "p99 ≤ 100 ms"));
    }

    // ------------------------------------------------------------ desktop

    /**
     * Issue 21: the desktop client's window with a large history while events arrive at about 1,000/s. The history is
     * seeded as in {@link #history()} (real tasks cloned in SQL); the flood runs on light agents; the window lives in a
     * JVM of its own ({@link DesktopScenario}).
     */
    private void desktop() {
        int rows = setup.desktopRows();
        List<DesktopScenario.Run> runs = new ArrayList<>();
        double perTask;
        double tasksPerSecond;
        try (Grid grid = Grid.controller(setup, "desktop", 8, LightAgents.heartbeatTimeout())) {
            try (LightAgents agents = new LightAgents(2)) {
                agents.register(grid.service(), "bench-light", 1, 4);
                HistoryScale.runGenuine(grid);
                grid.awaitIdle(Duration.ofMinutes(2));
            }
            grid.stopController();
            HistoryScale.seed(grid.database(), rows);
            grid.startController(8, LightAgents.heartbeatTimeout());
            HistoryScale.awaitTextIndex(grid.database(), Duration.ofMinutes(10));
            try (LightAgents agents = new LightAgents(4)) {
                agents.register(grid.service(), "bench-light", 2, 4);
                DesktopScenario desktop = new DesktopScenario(setup, grid);
                perTask = desktop.eventsPerTask();
                tasksPerSecond = DesktopScenario.EVENTS_PER_SECOND / perTask;
                System.out.printf(Locale.ROOT, "bench: desktop: %,d tasks in the history; %.2f task events per task, so %.0f tasks/s"
                        + " for %,d events/s%n", rows, perTask, tasksPerSecond, DesktopScenario.EVENTS_PER_SECOND);
                for (int r = 0; r < setup.runs(); r++) {
                    DesktopScenario.Run run = desktop.run(tasksPerSecond, setup.work().resolve("desktop-window-" + r));
                    System.out.printf(Locale.ROOT, "bench: desktop run %d: %.0f events/s, FX thread %.1f%%, Ctrl+N p99 %.0f ms,"
                                    + " Enter p99 %.0f ms, heap %.0f MB with %,d rows, caught up %.0f ms after the flood%n", r + 1,
                            run.eventsPerSecond(), run.fxCpuPercent(), Stats.percentile(run.submitMs(), 99),
                            Stats.percentile(run.detailMs(), 99), run.heapMb(), run.windowRows(), run.catchUpMs());
                    runs.add(run);
                }
            }
        }
        String s = "Desktop";
        String load = String.format(Locale.ROOT, "%,d tasks in the history, events at ~%,d/s", rows, DesktopScenario.EVENTS_PER_SECOND);
        add(s, Figure.of("desktop", "task events delivered to a client while the window was watched (" + Report.number(tasksPerSecond)
                + " tasks/s submitted)", "events/s", each(runs, DesktopScenario.Run::eventsPerSecond)));
        add(s, Figure.of("desktop", "same, while the keys were pressed", "events/s", each(runs, DesktopScenario.Run::pressEventsPerSecond)));
        add(s, Figure.of("desktop", load + ": FX thread busy (its CPU ÷ wall time, " + setup.desktopWatchSeconds()
                + " s untouched)", "%", each(runs, DesktopScenario.Run::fxCpuPercent)).atMost(25, "≤ 25 %"));
        add(s, Figure.of("desktop", "same: `Platform.runLater` wait p99 (sampled every 20 ms)", "ms",
                each(runs, r -> Stats.percentile(r.probeMs(), 99))));
        add(s, Figure.of("desktop", "same: the window JVM's CPU, all threads", "% of a core", each(runs, DesktopScenario.Run::windowCpuPercent)));
        add(s, Figure.of("desktop", "same: the renderer thread's CPU (software rendering)", "% of a core",
                each(runs, DesktopScenario.Run::rendererCpuPercent)));
        int presses = setup.desktopPresses();
        add(s, Figure.of("desktop", "Ctrl+N → submit dialog drawn, median of " + presses, "ms", each(runs, r -> Stats.median(r.submitMs()))));
        add(s, Figure.of("desktop", "Ctrl+N → submit dialog drawn, p99 of " + presses, "ms",
                each(runs, r -> Stats.percentile(r.submitMs(), 99))).atMost(200, "p99 ≤ 200 ms"));
        add(s, Figure.of("desktop", "Ctrl+N → submit dialog drawn, max", "ms", each(runs, r -> Stats.max(r.submitMs()))));
        add(s, Figure.of("desktop", "Enter on the newest row → task detail drawn, median of " + presses, "ms",
                each(runs, r -> Stats.median(r.detailMs()))));
        add(s, Figure.of("desktop", "Enter on the newest row → task detail drawn, p99 of " + presses, "ms",
                each(runs, r -> Stats.percentile(r.detailMs(), 99))).atMost(200, "p99 ≤ 200 ms"));
        add(s, Figure.of("desktop", "Enter on the newest row → task detail drawn, max", "ms", each(runs, r -> Stats.max(r.detailMs()))));
        add(s, Figure.of("desktop", "of which key posted → the dialog's stage shows (key handled, dialog built): Ctrl+N p50", "ms",
                each(runs, r -> Stats.median(r.submitShownMs()))));
        add(s, Figure.of("desktop", "same, Ctrl+N p99", "ms", each(runs, r -> Stats.percentile(r.submitShownMs(), 99))));
        add(s, Figure.of("desktop", "same, Enter p50", "ms", each(runs, r -> Stats.median(r.detailShownMs()))));
        add(s, Figure.of("desktop", "same, Enter p99", "ms", each(runs, r -> Stats.percentile(r.detailShownMs(), 99))));
        add(s, Figure.of("desktop", "the window's first Ctrl+N → submit dialog drawn (not in the figures above)", "ms",
                each(runs, DesktopScenario.Run::submitFirstMs)));
        add(s, Figure.of("desktop", "the window's first Enter → task detail drawn (not in the figures above)", "ms",
                each(runs, DesktopScenario.Run::detailFirstMs)));
        add(s, Figure.of("desktop", "the flood stopped → the window shows its last task", "ms", each(runs, DesktopScenario.Run::catchUpMs)));
        add(s, Figure.of("desktop", "rows in the window's table after the flood", "rows", each(runs, r -> (double) r.windowRows())));
        add(s, Figure.of("desktop", "the window JVM's heap after a full GC, after the flood (" + String.format(Locale.ROOT, "%,d", rows)
                + "+ tasks in the history)", "MB", each(runs, DesktopScenario.Run::heapMb)).atMost(256, "≤ 256 MB"));
    }

    private static List<Double> each(List<DesktopScenario.Run> runs, java.util.function.ToDoubleFunction<DesktopScenario.Run> f) {
        return runs.stream().map(r -> f.applyAsDouble(r)).toList();
    }

    // ------------------------------------------------------------ report

    private void write(Path docs, String command, Path slurmTsv, Duration took) throws IOException {
        Report.tsv(docs.resolve("benchmarks.tsv"), figures);
        if (!chartGrid.isEmpty()) { // --only without e2e: no chart
            Report.chart(docs.resolve("benchmarks.png"), List.of(
                    new Report.Series("JVM ceiling, /bin/true (" + AGENTS * SLOTS + " threads)", chartCeilingTrue),
                    new Report.Series("JVM ceiling, sh script (" + AGENTS * SLOTS + " threads)", chartCeilingSh),
                    new Report.Series("TaskGrid, 2 agents × 2 slots, 1 client", chartGrid)));
        }
        Path anchors = setup.repo().resolve("bench/anchors/raw");
        List<Anchors.Row> recorded = new ArrayList<>();
        for (String f : List.of("spawn.tsv", "queues.tsv", "slurm.tsv")) {
            recorded.addAll(Anchors.read(anchors.resolve(f)));
        }
        List<Anchors.Row> measuredSlurm = slurmTsv == null ? List.of() : Anchors.read(slurmTsv);
        double e2e = figures.stream().filter(f -> f.scenario().equals("end to end") && f.unit().equals("tasks/s"))
                .findFirst().map(Figure::median).orElse(Double.NaN);

        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Generated by `").append(command).append("` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))).append(" in ")
                .append(took.toMinutes()).append(" min ").append(took.toSecondsPart()).append(" s")
                .append(setup.quick() ? " — **quick mode: tiny sizes, one run each; these figures check the harness, not the system**" : "")
                .append(". Do not edit by hand: rerun `bench/run` (the analysis at the end comes from `bench/analysis.md`).\n\n");
        md.append("## Machine\n\n").append(Machine.describe()).append("\n");
        md.append("## How it was measured\n\n");
        md.append("- `bench/run` builds the reactor (`mvn -q -o -DskipTests -DskipITs package`), then runs the harness in `bench/`"
                + " (`io.taskgrid.bench.Bench`). Controller and agents are separate JVMs started as `bin/taskgrid` starts them:"
                + " `java ").append(String.join(" ", Setup.SERVER_JVM_FLAGS))
                .append(" -cp 'launcher/target/lib/*' io.taskgrid.launcher.Main controller|agent …`, on 127.0.0.1, each with a fresh data folder.\n");
        md.append("- **Ceiling**: `io.taskgrid.bench.Ceiling` in its own JVM with the same flags: N programs through `ProcessBuilder` on ")
                .append(AGENTS * SLOTS).append(" threads (the agents' slots in total), stdout read to the end, `waitFor`, after 20 untimed warm-up starts."
                        + " Measured in the same run, interleaved with the TaskGrid runs, because this VM is noisy.\n");
        md.append("- **End to end**: controller (`--max-processes 4`) + 2 agents × 2 slots; the task is the one-line script `echo hi` on the"
                + " shared folder (`#!/bin/sh`), one `submit` call per task (distinct arguments, `force`), from 1 client or 4 clients"
                + " at once. Throughput = N / (last `endedAt` − first `submittedAt`), latencies from `submittedAt`, `startedAt`,"
                + " `endedAt` in the history. The agent's `startedAt` is taken after the syntax check, when the program starts."
                + " *Idle grid*: one task submitted after the previous one ended, 50 per run. A warm-up of " + Report.number(setup.warmUpTasks())
                + " tasks on each fresh grid precedes the runs (the JIT keeps compiling for tens of thousands of tasks; the warm-up's own figures are in the tables as *fresh grid*). CPU per task: user + system time from `/proc/PID/stat` of the controller, the agents and their reaped children (the programs) and the client, from the first submission until the grid is idle, divided by the tasks.\n");
        md.append("- **Submission**: one light agent (1 slot, 1 place ahead) holds the two tasks it gets, so the rest stays queued; a call returns after its"
                + " tasks are committed to SQLite, so the client's wall clock counts persisted tasks.\n");
        md.append("- **Scheduler**: light agents (in the harness JVM, real RMI, `register` with a queue ahead as large as their"
                + " slots like a real agent, `heartbeat`, batched `executeAll` and `report`, nothing spawned) each keep the tasks they get while the queue fills through `submitAll`; heap = `jcmd PID GC.run` then"
                + " `GC.heap_info` (used) with the queue full; then they answer everything at once and the clock runs until every"
                + " task has been placed, started and ended. One untimed run of the same size precedes the measured ones on"
                + " each controller (its JIT compiles the hot paths meanwhile). CPU per task: from `/proc/PID/stat` of the"
                + " controller and of the harness JVM (where the light agents live), over the draining only.\n");
        md.append("- **Scheduler, shared pool** (issue 22): the same, with the policies of a shared pool on: ").append(SharedPool.USERS)
                .append(" users, each through a session of their own (no users file on loopback, so the controller takes the"
                        + " name the client gives), fair share (the default half-life), 5 % of the tasks at priority +10 (user `admin`),"
                        + " 5 % at −10, the rest at 0; 10 % require `gpu`, 5 % `!big-mem`; 10 % of the agents offer `gpu`, 20 %"
                        + " `big-mem`; 1 ahead. Resource requests (`--cpus`, `--memory`) do not exist yet, so no task asks for any.\n");
        md.append(WorkflowScenarios.arraysMethod(setup));
        md.append(WorkflowScenarios.chainMethod(setup));
        md.append("- **History**: ").append(HistoryScale.GENUINE).append(" real tasks run through the controller (light agents), the"
                + " controller stops, and those rows are cloned in SQL into the schema the controller created (see"
                + " `HistoryScale`: 100 projects, 2% FAILED, 1% CANCELLED); the controller restarts on that database; each query"
                + " is timed at the client over RMI after 3 untimed calls.\n");
        md.append("- **History retention** (issue 23): per run a history of its own, seeded as for *History* (the real tasks moved a"
                + " year back, cloned into ").append(String.format(Locale.ROOT, "%,d", setup.retentionOldRows()))
                .append(" tasks that ended a year ago, then ").append(String.format(Locale.ROOT, "%,d", setup.retentionRecentRows()))
                .append(" that ended in the last minutes); the controller runs with `--keep-days off --keep-tasks off` (its sweep"
                + " never starts) and the deletion is an administrator's `purgeBefore` half a year ago, which runs the sweep's pass"
                + " (batches of 500, one writer transaction each, 20 ms apart). One client runs the 8 queries of *History* in turn,"
                + " back to back, on the recent tasks: for " + (setup.quick() ? 2 : 20) + " s without deletion (the baseline), then"
                + " until the purge returns. Latencies at the client over RMI, all 8 queries pooled; time to delete = the"
                + " `purgeBefore` call.\n");
        md.append("- **Callbacks**: clients in the harness JVM export real `ClientCallback` objects; each event's delay is its arrival"
                + " minus its `at` (same host clock). Tasks run on 2 light agents × 2 slots, submitted in batches of 100, so events come"
                + " as fast as the controller makes them. The slow client sleeps 500 ms in every `onEvents`.\n");
        md.append("- **Desktop** (issue 21): the history is seeded as for *History*; the desktop client's window runs in a JVM of its own,"
                + " started as `bin/taskgrid gui` starts it (`java ").append(String.join(" ", Setup.CLIENT_JVM_FLAGS))
                .append(" -cp 'launcher/target/lib/*'`, no `-Xmx`) plus Monocle's headless glass and software rendering (`prism.order=sw`),"
                + " as `taskgrid screenshot` runs; `io.taskgrid.bench.window.DesktopWindow` opens it with `DesktopClient.open` and"
                + " drives it by its keys through `javafx.scene.robot.Robot`. Meanwhile the window's user submits tasks at a steady"
                + " rate (`submitAll` every 100 ms) that light agents end at once, calibrated so that a client receives about "
                + DesktopScenario.EVENTS_PER_SECOND + " task events/s; a client of the harness counts what it receives (the figure)."
                + " FX thread busy = CPU time of the \"JavaFX Application Thread\" (`ThreadMXBean`) ÷ wall time while the window is"
                + " watched untouched. A key's latency runs from posting the key (on a busy FX thread it waits, as a person's key"
                + " would) to the start of the second animation frame after the dialog's stage shows (one whole pulse drew it);"
                + " each dialog is closed with Esc; " + setup.desktopPresses() + " of each per run after one untimed first (reported apart). Heap = `jcmd PID GC.run`,"
                + " `GC.heap_info` (used) of the window JVM once it shows the flood's last task.\n\n");
        for (Map.Entry<String, List<Figure>> e : sections.entrySet()) {
            md.append("## ").append(e.getKey()).append("\n\n").append(Report.table(e.getValue())).append("\n");
        }
        md.append("![throughput against the number of tasks](benchmarks.png)\n\n");
        md.append("## Against other systems\n\n");
        md.append("TaskGrid end to end (1 client) here: **").append(Report.number(e2e)).append(" tasks/s**.\n\n");
        md.append("| system | workload | median tasks/s | min–max | runs | TaskGrid ÷ it | source |\n|---|---|---:|---:|---:|---:|---|\n");
        for (Anchors.Row r : measuredSlurm) {
            anchorRow(md, r, e2e, "**measured in this run** (`--with-slurm`)");
        }
        for (Anchors.Row r : recorded) {
            anchorRow(md, r, e2e, "recorded 2026-11-25 by `bench/anchors` on this kind of VM, not this run");
        }
        md.append("\n");
        Path analysis = setup.repo().resolve("bench/analysis.md");
        if (Files.isRegularFile(analysis) && !setup.quick()) {
            md.append(Files.readString(analysis, StandardCharsets.UTF_8)).append("\n");
        }
        Files.writeString(docs.resolve("benchmarks.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static void anchorRow(StringBuilder md, Anchors.Row r, double e2e, String source) {
        double m = Stats.median(r.tasksPerSecond());
        md.append("| ").append(r.system()).append(" | ").append(r.workload().replace("|", "\\|")).append(" | ").append(Report.number(m))
                .append(" | ").append(Report.number(Stats.min(r.tasksPerSecond()))).append("–").append(Report.number(Stats.max(r.tasksPerSecond())))
                .append(" | ").append(r.tasksPerSecond().size()).append(" | ")
                .append(String.format(Locale.ROOT, "%.2f×", e2e / m)).append(" | ").append(source).append(" |\n");
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + root + ": " + e.getMessage());
        }
    }
}

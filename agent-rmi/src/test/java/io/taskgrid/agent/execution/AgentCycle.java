package io.taskgrid.agent.execution;

import io.taskgrid.agent.runtime.RuntimeDetector;
import io.taskgrid.agent.runtime.Runtimes;
import io.taskgrid.api.AgentBusyException;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.SharedRoot;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * What one agent costs per trivial task, without RMI or a controller: N one-line sh tasks ({@code echo hi})
 * through a real {@link TaskRunner} with S slots and a sink that counts, fed as fast as slots free up (as a
 * local queue on the agent would), against the ceiling measured in the same JVM and the same run: the same
 * program started straight by {@link ProcessBuilder} from S threads, stdout read to the end, waited for.
 *
 * <p>Run it like the servers, with {@code -Djdk.lang.Process.launchMechanism=VFORK}:
 * {@code java -Djdk.lang.Process.launchMechanism=VFORK -cp … io.taskgrid.agent.execution.AgentCycle [N] [SLOTS] [ROUNDS]}.
 * Prints one line per round (ceiling/s, agent/s, ratio) and the medians. Not a test: a measurement.
 */
public final class AgentCycle {
    private AgentCycle() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int slots = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path root = Files.createTempDirectory("taskgrid-agent-cycle");
        try {
            Path script = root.resolve("shared").resolve("hi.sh");
            Files.createDirectories(script.getParent());
            Files.writeString(script, "echo hi\n");
            String sh = new RuntimeDetector().detect().find(Language.SHELL).orElseThrow().command();
            List<Double> ceilings = new ArrayList<>();
            List<Double> agents = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> ceilingCpu = new ArrayList<>();
            List<Double> agentCpu = new ArrayList<>();
            ceiling(List.of(sh, script.toString()), 200, slots); // warm-up, not counted
            agent(root, 200, slots);
            for (int r = 1; r <= rounds; r++) {
                double cpu0 = cpuMillis();
                double c = ceiling(List.of(sh, script.toString()), n, slots);
                double cpu1 = cpuMillis();
                double a = agent(root, n, slots);
                double cpu2 = cpuMillis();
                ceilings.add(c);
                agents.add(a);
                ratios.add(a / c);
                ceilingCpu.add((cpu1 - cpu0) / n);
                agentCpu.add((cpu2 - cpu1) / n);
                System.out.printf(Locale.ROOT, "round %d: ceiling %.0f/s (%.2f ms CPU/task), agent %.0f/s (%.2f ms CPU/task),"
                        + " ratio %.1f %%%n", r, c, (cpu1 - cpu0) / n, a, (cpu2 - cpu1) / n, 100 * a / c);
            }
            System.out.printf(Locale.ROOT, "median of %d rounds (N=%d, %d slots): ceiling %.0f/s (%.2f ms CPU/task),"
                            + " agent %.0f/s (%.2f ms CPU/task), ratio %.1f %%%n", rounds, n, slots, median(ceilings),
                    median(ceilingCpu), median(agents), median(agentCpu), 100 * median(ratios));
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * CPU time of this JVM and of the children it reaped (the programs, and their children), user and system,
     * from /proc/self/stat (in clock ticks of 10 ms).
     */
    private static double cpuMillis() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "(comm)": utime, stime, cutime, cstime are fields 14-17, i.e. indexes 11-14 here
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks * 10.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }

    /** Tasks/s of N programs started straight from {@code threads} threads. */
    private static double ceiling(List<String> command, int n, int threads) throws Exception {
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "ceiling-" + counter.incrementAndGet()));
        try {
            List<Future<?>> futures = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                    try (InputStream in = p.getInputStream()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException(command + " failed");
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Tasks/s of N inline sh tasks through a TaskRunner with {@code slots} slots, fed as slots free up. */
    private static double agent(Path root, int n, int slots) throws Exception {
        Path shared = root.resolve("shared");
        Semaphore free = new Semaphore(slots);
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<TaskOutcome> failure = new AtomicReference<>();
        java.util.Map<Long, Instant> sent = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.LongAdder prepare = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder run = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder store = new java.util.concurrent.atomic.LongAdder();
        ReportSink sink = new ReportSink() {
            @Override
            public void taskStarted(TaskAssignment task, Instant startedAt) {
            }

            @Override
            public void taskFinished(TaskOutcome outcome) {
                Instant now = Instant.now();
                Instant at = sent.remove(outcome.taskId());
                if (at != null) {
                    prepare.add(java.time.Duration.between(at, outcome.startedAt()).toNanos());
                }
                run.add(java.time.Duration.between(outcome.startedAt(), outcome.endedAt()).toNanos());
                store.add(java.time.Duration.between(outcome.endedAt(), now).toNanos());
                if (outcome.state() != TaskState.SUCCEEDED || !outcome.output().equals("hi\n")) {
                    failure.compareAndSet(null, outcome);
                }
                free.release();
                done.countDown();
            }
        };
        Runtimes runtimes = new RuntimeDetector().detect();
        ExecutionSettings settings = new ExecutionSettings("agent-cycle", "localhost", slots, new SharedRoot(shared),
                root.resolve("work").resolve("tasks"), 1024 * 1024, RuntimeDetector.onPath("setsid"),
                RuntimeDetector.onPath("kill"), RuntimeDetector.onPath("setpriv"));
        byte[] program = "echo hi\n".getBytes(StandardCharsets.UTF_8);
        String project = "cycle-" + System.nanoTime(); // fresh result folders in every round
        try (TaskRunner runner = new TaskRunner(settings, runtimes, sink, Clock.systemUTC())) {
            long t0 = System.nanoTime();
            for (long id = 1; id <= n; id++) {
                free.acquire();
                sent.put(id, Instant.now());
                try {
                    runner.execute(new TaskAssignment(id, 1, 1L, project, null, ProgramSource.inline("hi.sh", program),
                            Language.SHELL, List.of(), null, null));
                } catch (AgentBusyException e) {
                    // the slot is released just after the outcome is handed over: try again at once
                    free.release();
                    id--;
                    Thread.onSpinWait();
                }
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the agent did not finish " + n + " tasks within 10 minutes");
            }
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "  agent, mean per task: received→started %.2f ms, started→ended %.2f ms,"
                    + " ended→reported (results, clean-up) %.2f ms%n", prepare.sum() / 1e6 / n, run.sum() / 1e6 / n,
                    store.sum() / 1e6 / n);
            if (failure.get() != null) {
                throw new IllegalStateException("a task did not succeed: " + failure.get());
            }
            return rate;
        }
    }
}

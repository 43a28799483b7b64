package io.taskgrid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 23's workflow benchmarks, each against a baseline measured in the same run on the same controller, the two
 * alternated (A, B, A, B …) after one untimed round of each (the controller's JIT compiles meanwhile):
 * <ul>
 *   <li>{@code arrays}: N trivial tasks as one array against N single tasks through {@code submitAll}
 *       ({@link ArrayThroughput}), on the light agents of the scheduler scenario;</li>
 *   <li>{@code chain}: a chain of N dependent tasks against N independent tasks run one at a time
 *       ({@link ChainLatency}).</li>
 * </ul>
 */
final class WorkflowScenarios {
    /** Light agents for the chain: one task runs at a time, so a few suffice; as many as the end-to-end grid's slots. */
    static final int CHAIN_AGENTS = 2;
    static final int CHAIN_SLOTS = 2;

    private final Setup setup;

    WorkflowScenarios(Setup setup) {
        this.setup = setup;
    }

    static String arraysMethod(Setup setup) {
        return "- **Arrays** (issue 23): " + Report.number(setup.arrayTasks()) + " trivial tasks end to end on " + setup.scaleAgents()
                + " light agents × 1 slot, 1 ahead (those of *Scheduler*: they answer at once, nothing is spawned, so what is"
                + " measured is the controller), submitted either as **one array** (`TaskSpec.array(1-N)`, one `submit` call)"
                + " or as N **single tasks** through `submitAll` in batches of " + Submission.BATCH + " (the `submit --each` path),"
                + " the two alternated A/B on one controller after one untimed run of each of " + Report.number(warmUpArray(setup))
                + " tasks. Rate = N ÷ (first submission call → the light agents' report of the N-th task acknowledged; the wait"
                + " is woken by each report, not polled); the submission call's time is the array's one call alone; CPU per"
                + " task from `/proc/PID/stat` of the controller over the same span. Every member is then checked to have"
                + " succeeded (`ClientSession.array`).\n";
    }

    static String chainMethod(Setup setup) {
        return "- **Chain** (issue 23): " + Report.number(setup.chainTasks()) + " trivial tasks, each `--after` the previous one"
                + " (`Dependency.after`), submitted up front one `submit` each with the head held, then the head released (the"
                + " clock starts there) and run to the end on " + CHAIN_AGENTS + " light agents × " + CHAIN_SLOTS + " slots. The"
                + " baseline, alternated with it on the same controller: as many independent tasks run one at a time, each"
                + " submitted as soon as the light agents' report of the previous one is acknowledged (what a script without"
                + " dependencies does at best). Per-link latency = a task's `startedAt` − its predecessor's `endedAt` in the"
                + " history (both stamped by the light agents); one untimed run of each of " + Report.number(warmUpChain(setup))
                + " first.\n";
    }

    private static int warmUpArray(Setup setup) {
        return setup.quick() ? 200 : 20_000;
    }

    private static int warmUpChain(Setup setup) {
        return setup.quick() ? 20 : 1_000;
    }

    List<Figure> arrays() {
        int n = setup.arrayTasks();
        int agentsN = setup.scaleAgents();
        List<Double> arrayRate = new ArrayList<>(), singleRate = new ArrayList<>(), ratio = new ArrayList<>();
        List<Double> arraySubmit = new ArrayList<>(), singleSubmit = new ArrayList<>();
        List<Double> arrayCpu = new ArrayList<>(), singleCpu = new ArrayList<>();
        List<Double> arrayHarness = new ArrayList<>(), singleHarness = new ArrayList<>();
        try (Grid grid = Grid.controller(setup, "arrays", agentsN, LightAgents.heartbeatTimeout());
             LightAgents agents = new LightAgents(Bench.REPORTER_THREADS)) {
            agents.register(grid.service(), "bench-light", agentsN, 1, 1);
            grid.awaitAgents(agentsN);
            ArrayThroughput t = new ArrayThroughput(grid, agents);
            t.array(warmUpArray(setup), "warm-array");
            t.singles(warmUpArray(setup), "warm-single");
            for (int r = 0; r < setup.runs(); r++) {
                ArrayThroughput.Run a = t.array(n, "array-" + r);
                ArrayThroughput.Run s = t.singles(n, "single-" + r);
                System.out.printf(Locale.ROOT, "bench: arrays run %d: array %,.0f tasks/s (call %.0f ms, controller %.0f µs/task),"
                                + " singles %,.0f tasks/s (calls %.0f ms, controller %.0f µs/task): ratio %.2f%n", r + 1,
                        a.tasksPerSecond(), a.submitMs(), a.controllerCpuMicros(), s.tasksPerSecond(), s.submitMs(),
                        s.controllerCpuMicros(), a.tasksPerSecond() / s.tasksPerSecond());
                arrayRate.add(a.tasksPerSecond());
                singleRate.add(s.tasksPerSecond());
                ratio.add(a.tasksPerSecond() / s.tasksPerSecond());
                arraySubmit.add(a.submitMs());
                singleSubmit.add(s.submitMs());
                arrayCpu.add(a.controllerCpuMicros());
                singleCpu.add(s.controllerCpuMicros());
                arrayHarness.add(a.harnessCpuMicros());
                singleHarness.add(s.harnessCpuMicros());
            }
        }
        String tasks = String.format(Locale.ROOT, "%,d", n);
        String agentsText = agentsN + " light agents × 1 slot, 1 ahead";
        List<Figure> out = new ArrayList<>();
        out.add(Figure.of("arrays", tasks + " trivial tasks as one array, " + agentsText + ": submitted → all ended", "tasks/s", arrayRate));
        out.add(Figure.of("arrays", "same tasks as " + tasks + " single tasks, `submitAll` in batches of " + Submission.BATCH
                + " (`submit --each`), same run: submitted → all ended", "tasks/s", singleRate));
        out.add(Figure.of("arrays", "array ÷ single tasks, each pair of runs", "×", ratio).atLeast(1.0, "≥ 1 (the same rate or better)"));
        out.add(Figure.of("arrays", "the array's one `submit` call (" + tasks + " members persisted and queued)", "ms", arraySubmit)
                .atMost(1_000, "well under 1 s"));
        out.add(Figure.of("arrays", "the single tasks' " + (n + Submission.BATCH - 1) / Submission.BATCH + " `submitAll` calls, in all",
                "ms", singleSubmit));
        out.add(Figure.of("arrays", "controller CPU per task, array (submission to the end)", "µs", arrayCpu));
        out.add(Figure.of("arrays", "controller CPU per task, single tasks", "µs", singleCpu));
        out.add(Figure.of("arrays", "light agents' and client's CPU per task (the harness JVM), array", "µs", arrayHarness));
        out.add(Figure.of("arrays", "same, single tasks", "µs", singleHarness));
        return out;
    }

    List<Figure> chain() {
        int n = setup.chainTasks();
        List<Double> chainSeconds = new ArrayList<>(), baseSeconds = new ArrayList<>(), ratio = new ArrayList<>();
        List<Double> chainP50 = new ArrayList<>(), chainP99 = new ArrayList<>(), baseP50 = new ArrayList<>(), baseP99 = new ArrayList<>();
        List<Double> submit = new ArrayList<>(), chainCpu = new ArrayList<>(), baseCpu = new ArrayList<>();
        List<Double> afterCall = new ArrayList<>(), plainCall = new ArrayList<>();
        try (Grid grid = Grid.controller(setup, "chain", CHAIN_AGENTS * CHAIN_SLOTS, LightAgents.heartbeatTimeout());
             LightAgents agents = new LightAgents(CHAIN_AGENTS * CHAIN_SLOTS)) {
            agents.register(grid.service(), "bench-light", CHAIN_AGENTS, CHAIN_SLOTS);
            grid.awaitAgents(CHAIN_AGENTS);
            ChainLatency c = new ChainLatency(grid, agents);
            c.chain(warmUpChain(setup), "warm-chain");
            c.oneByOne(warmUpChain(setup), "warm-one");
            for (int r = 0; r < setup.runs(); r++) {
                ChainLatency.Run chain = c.chain(n, "chain-" + r);
                ChainLatency.Run base = c.oneByOne(n, "one-" + r);
                System.out.printf(Locale.ROOT, "bench: chain run %d: chain %.2f s (links p50 %.2f p99 %.2f ms, built in %.0f ms,"
                                + " submit --after p50 %.2f ms), one by one %.2f s (p50 %.2f p99 %.2f ms, submit p50 %.2f ms)%n", r + 1,
                        chain.seconds(), Stats.percentile(chain.linkMs(), 50), Stats.percentile(chain.linkMs(), 99), chain.submitMs(),
                        Stats.percentile(chain.callMs(), 50), base.seconds(), Stats.percentile(base.linkMs(), 50),
                        Stats.percentile(base.linkMs(), 99), Stats.percentile(base.callMs(), 50));
                chainSeconds.add(chain.seconds());
                baseSeconds.add(base.seconds());
                ratio.add(chain.seconds() / base.seconds());
                chainP50.add(Stats.percentile(chain.linkMs(), 50));
                chainP99.add(Stats.percentile(chain.linkMs(), 99));
                baseP50.add(Stats.percentile(base.linkMs(), 50));
                baseP99.add(Stats.percentile(base.linkMs(), 99));
                submit.add(chain.submitMs() / 1000);
                afterCall.add(Stats.percentile(chain.callMs(), 50));
                plainCall.add(Stats.percentile(base.callMs(), 50));
                chainCpu.add(chain.controllerCpuMicros());
                baseCpu.add(base.controllerCpuMicros());
            }
        }
        String tasks = String.format(Locale.ROOT, "%,d", n);
        String light = CHAIN_AGENTS + " light agents × " + CHAIN_SLOTS + " slots";
        List<Figure> out = new ArrayList<>();
        out.add(Figure.of("chain", "a chain of " + tasks + " dependent tasks (each `--after` the previous), " + light
                + ": head released → last ended", "s", chainSeconds));
        out.add(Figure.of("chain", "same: link latency p50 (parent's end → child's start)", "ms", chainP50));
        out.add(Figure.of("chain", "same: link latency p99", "ms", chainP99));
        out.add(Figure.of("chain", "baseline, same run: " + tasks + " independent tasks one at a time (each submitted when the"
                + " previous was reported): first submitted → last ended", "s", baseSeconds));
        out.add(Figure.of("chain", "baseline: previous end → next start p50", "ms", baseP50));
        out.add(Figure.of("chain", "baseline: previous end → next start p99", "ms", baseP99));
        out.add(Figure.of("chain", "chain ÷ baseline, total time, each pair of runs", "×", ratio));
        out.add(Figure.of("chain", "building the chain: " + tasks + " `submit --after` calls, one client", "s", submit));
        out.add(Figure.of("chain", "same: one `submit --after` call, p50", "ms", afterCall));
        out.add(Figure.of("chain", "baseline: one plain `submit` call, p50", "ms", plainCall));
        out.add(Figure.of("chain", "controller CPU per task, chain (after its submission)", "µs", chainCpu));
        out.add(Figure.of("chain", "controller CPU per task, baseline (its submissions included)", "µs", baseCpu));
        return out;
    }
}

package io.taskgrid.bench;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ceiling: N trivial programs started straight from one JVM with as many threads as the agents have
 * slots, each read to the end and waited for (as an agent must). Run by the harness in a JVM of its own
 * with the agents' flags. Prints {@code N THREADS WALL_SECONDS TASKS_PER_SECOND CPU_MS_PER_TASK}, the last being
 * this JVM's and its programs' CPU over the timed part, per program.
 *
 * <p>Usage: {@code Ceiling N THREADS COMMAND [ARGS…]}. Adapted from shared/bench/anchors/Spawn.java.
 */
public final class Ceiling {
    private Ceiling() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("Usage: Ceiling N THREADS COMMAND [ARGS...]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        List<String> command = Arrays.asList(args).subList(2, args.length);
        for (int i = 0; i < 20; i++) {
            run(command); // warm-up: class loading and JIT, not timed
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "ceiling-" + counter.incrementAndGet()));
        try {
            List<Future<?>> futures = new ArrayList<>(n);
            CpuTime cpuBefore = CpuTime.self();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    run(command);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            CpuTime cpu = CpuTime.self().minus(cpuBefore);
            System.out.printf(Locale.ROOT, "%d %d %.4f %.2f %.4f%n", n, threads, wall, n / wall,
                    (cpu.ownMs() + cpu.childrenMs()) / n);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException(command + " exited with " + rc);
        }
    }
}

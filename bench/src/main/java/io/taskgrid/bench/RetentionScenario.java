package io.taskgrid.bench;

import io.taskgrid.api.client.ClientSession;
import io.taskgrid.api.client.PurgeReport;
import io.taskgrid.api.task.HistoryQuery;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Issue 23: retention deleting a large old history while a client keeps asking the history what people ask it.
 *
 * <p>Each run has a history of its own: {@link HistoryScale#GENUINE} real tasks (through light agents), moved
 * {@link #AGE} into the past, cloned in SQL as {@link HistoryScale} clones them into {@code old} tasks that ended a year
 * ago, then {@code recent} clones that ended in the last minutes (ids above the old ones, as submission gives them). The
 * controller runs with {@code --keep-days off --keep-tasks off}, so its own sweep never starts; the deletion is an
 * administrator's {@code purgeBefore} half a year ago, the same pass the sweep runs (batches, pauses). One client queries
 * the history back to back the whole time (the queries of the history scenario, in turn, on the recent tasks): first for
 * a baseline without deletion, then while the purge deletes the old tasks, until it returns.
 */
final class RetentionScenario {
    /** How far in the past the old tasks ended. */
    static final Duration AGE = Duration.ofDays(365);

    /**
     * One run.
     *
     * @param baselineMs query latencies without deletion
     * @param duringMs   query latencies while the purge ran
     * @param baselineByQuery the baseline, by query
     * @param duringByQuery the latencies during the purge, by query
     * @param deleted    tasks the purge deleted
     * @param seconds    wall time of the purge call
     * @param boundaryMs the query with which {@code --keep-tasks} finds its boundary (the id of the {@code old}-th newest
     *                   task), on the seeded history, median of 5 after one untimed
     */
    record Run(List<Double> baselineMs, List<Double> duringMs, Map<String, List<Double>> baselineByQuery,
               Map<String, List<Double>> duringByQuery, long deleted, double seconds,
               double boundaryMs) {
        double rowsPerSecond() {
            return deleted / seconds;
        }
    }

    private final Setup setup;

    RetentionScenario(Setup setup) {
        this.setup = setup;
    }

    Run run(String name, int old, int recent, Duration baseline) {
        try (Grid grid = Grid.controller(setup, name, 8, LightAgents.heartbeatTimeout(), "--keep-days", "off", "--keep-tasks", "off")) {
            try (LightAgents agents = new LightAgents(2)) {
                agents.register(grid.service(), "bench-light", 1, 4);
                HistoryScale.runGenuine(grid);
                grid.awaitIdle(Duration.ofMinutes(2));
            }
            grid.stopController();
            long t0 = System.nanoTime();
            long age = AGE.toNanos();
            HistoryScale.age(grid.database(), age);
            HistoryScale.seed(grid.database(), old, 0);
            long total = (long) old + recent;
            HistoryScale.seed(grid.database(), total, age - total * 1_000_000L);
            System.out.printf(Locale.ROOT, "bench: retention: seeded %,d old and %,d recent tasks in %.1f s%n", old, recent,
                    (System.nanoTime() - t0) / 1e9);
            double boundaryMs = boundaryQueryMs(grid.database(), old);
            grid.startController(8, LightAgents.heartbeatTimeout());
            HistoryScale.awaitTextIndex(grid.database(), Duration.ofMinutes(10));

            long firstRecent = old + 1L;
            Map<String, Submission.Remote<?>> queries = HistoryScale.queries(grid.session(null), firstRecent + recent / 2,
                    firstRecent + Math.min(recent / 2, 200));
            Querying client = new Querying(queries);
            client.loop(3 * queries.size(), () -> true); // untimed
            client.times.clear();
            long until = System.nanoTime() + baseline.toNanos();
            client.loop(Integer.MAX_VALUE, () -> System.nanoTime() < until);
            List<Double> baselineMs = client.allTimes();
            Map<String, List<Double>> baselineByQuery = client.byQuery();
            client.times.clear();

            ClientSession admin = grid.session(null);
            Instant before = Instant.now().minus(AGE.dividedBy(2));
            long p0 = System.nanoTime();
            long[] p1 = new long[1];
            CompletableFuture<PurgeReport> purge = CompletableFuture.supplyAsync(() -> {
                PurgeReport r = Submission.call(() -> admin.purgeBefore(before));
                // A large purge answers within its time and goes on in the background: the deletion ends when the
                // history holds no old task any more.
                while (r.continuing() && !Submission.call(() -> admin.history(
                        new HistoryQuery(null, null, null, 1, firstRecent))).isEmpty()) {
                    sleep(Duration.ofMillis(200));
                }
                p1[0] = System.nanoTime();
                return r;
            });
            client.loop(Integer.MAX_VALUE, () -> !purge.isDone());
            PurgeReport report = purge.get(); // its completion publishes p1
            double seconds = (p1[0] - p0) / 1e9;
            long deleted = report.continuing() ? old : report.tasks(); // none old is left (checked above)
            if (deleted != old) {
                throw new BenchException("The purge deleted " + report.tasks() + " tasks, not the " + old + " old ones (kept "
                        + report.kept() + ")");
            }
            return new Run(baselineMs, client.allTimes(), baselineByQuery, client.byQuery(), deleted, seconds, boundaryMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("Interrupted while the purge ran", e);
        } catch (ExecutionException e) {
            throw new BenchException("The purge failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("Interrupted while the purge went on", e);
        }
    }

    /** The statement of {@code TaskDeletes.idOfNewest(n)}, timed over JDBC (the controller stopped). */
    private static double boundaryQueryMs(Path database, long n) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             PreparedStatement ps = c.prepareStatement("SELECT id FROM tasks ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long t0 = System.nanoTime();
                ps.setLong(1, n - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                if (i > 0) {
                    times.add((System.nanoTime() - t0) / 1e6);
                }
            }
            return Stats.median(times);
        } catch (SQLException e) {
            throw new BenchException("Timing the --keep-tasks boundary query in " + database + " failed: " + e.getMessage(), e);
        }
    }

    /** One client that runs the queries in turn and keeps each one's latency. */
    private static final class Querying {
        private final Map<String, Submission.Remote<?>> queries;
        private final Map<String, List<Double>> times = new LinkedHashMap<>();

        Querying(Map<String, Submission.Remote<?>> queries) {
            this.queries = queries;
        }

        void loop(int max, BooleanSupplier go) {
            int n = 0;
            while (n < max && go.getAsBoolean()) {
                for (Map.Entry<String, Submission.Remote<?>> q : queries.entrySet()) {
                    long t0 = System.nanoTime();
                    Submission.call(q.getValue());
                    times.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
                    n++;
                }
            }
        }

        List<Double> allTimes() {
            List<Double> all = new ArrayList<>();
            times.values().forEach(all::addAll);
            return all;
        }

        Map<String, List<Double>> byQuery() {
            Map<String, List<Double>> copy = new LinkedHashMap<>();
            times.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return copy;
        }
    }
}

package io.taskgrid.controller.scheduling;

import io.taskgrid.api.client.UsageReport;
import io.taskgrid.api.client.UserUsage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Each user's recent use of the pool in CPU-seconds held (a running task holds one CPU), every CPU-second weighing half as much after each half-life. Stored scaled to a
 * reference time ({@code base}) so that users compare without decaying anything: a CPU-second used at time t is kept
 * as {@code 2^((t - base) / halfLife)}, and all users' stored figures shrink by the same factor as time passes, so
 * their order only changes when someone uses more. When the scale grows large the reference moves forward.
 * Confined to the scheduler thread.
 */
final class UsageLedger {
    /** Past 2^400 the figures are rescaled (a double holds up to about 2^1023). */
    private static final double RESCALE_AT = Math.pow(2, 400);

    private final Duration halfLife;
    private final double halfLifeSeconds;
    private Instant base;
    private final Map<String, Double> scaled = new HashMap<>();
    /** Each user's running tasks now. */
    private final Map<String, Integer> running = new HashMap<>();

    UsageLedger(Duration halfLife, Instant start) {
        this.halfLife = halfLife;
        this.halfLifeSeconds = halfLife.toMillis() / 1000.0;
        this.base = start;
    }

    /** Adds {@code cpuSeconds} used by {@code user} at {@code at}; nothing for none, a negative figure or no user. */
    void add(String user, double cpuSeconds, Instant at) {
        if (user == null || !(cpuSeconds > 0) || Double.isInfinite(cpuSeconds)) {
            return;
        }
        double weight = weight(at);
        if (weight > RESCALE_AT) {
            rescale(at);
            weight = 1;
        }
        scaled.merge(user, cpuSeconds * weight, Double::sum);
    }

    Duration halfLife() {
        return halfLife;
    }

    /** How far back use still counts for something (a thousandth of its weight): ten half-lives. */
    Duration memory() {
        return halfLife.multipliedBy(10);
    }

    /**
     * Counts the CPU time a running task held since it was last counted, up to {@code until}: one CPU for as long as
     * it runs, whether its program computes or sleeps (a slot it holds is one nobody else gets). Measured CPU time
     * would miss short tasks, which end between two samples.
     */
    void accrue(Job j, Instant until) {
        Instant from = j.countedUntil != null ? j.countedUntil : j.record.startedAt();
        if (from == null || until == null || !until.isAfter(from)) {
            return;
        }
        add(j.record.clientUser(), Duration.between(from, until).toNanos() / 1e9 * j.record.resources().cpus(), until);
        j.countedUntil = until;
    }

    /**
     * What orders users: more recent use, larger figure. Comparable between users at any one time, not a number of
     * CPU-seconds (see {@link #recent}).
     */
    double rank(String user) {
        return scaled.getOrDefault(user, 0.0);
    }

    /** One CPU-second used at {@code now}, in the scale of {@link #rank}. */
    double secondAt(Instant now) {
        return weight(now);
    }

    /** {@link #rank} with each running task of the user as {@code second} more (see {@link Pool#headOrder}). */
    double rankWithRunning(String user, double second) {
        return rank(user) + running(user) * second;
    }

    /** The user's running tasks change by {@code delta}. */
    void runs(String user, int delta) {
        running.merge(String.valueOf(user), delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** The user's running tasks now. */
    int running(String user) {
        return running.getOrDefault(String.valueOf(user), 0);
    }

    /** The user's use as it counts at {@code now}: CPU-seconds, each weighed by its age. */
    double recent(String user, Instant now) {
        return rank(user) / weight(now);
    }

    /** Every user with any recent use, by name, in CPU-seconds as they count at {@code now}. */
    Map<String, Double> all(Instant now) {
        double w = weight(now);
        Map<String, Double> out = new TreeMap<>();
        scaled.forEach((user, s) -> out.put(user, s / w));
        return out;
    }

    private double weight(Instant at) {
        double seconds = Duration.between(base, at).toMillis() / 1000.0;
        return Math.pow(2, seconds / halfLifeSeconds);
    }

    private void rescale(Instant newBase) {
        double w = weight(newBase);
        scaled.replaceAll((user, s) -> s / w);
        scaled.values().removeIf(s -> s < 1e-6); // forgotten: less than a microsecond of CPU today
        base = newBase;
    }

    /**
     * The report of {@code taskgrid usage}: each user with recent use or tasks, most recent use first, with their tasks
     * running (or that may run) and waiting (queued, held or ahead on an agent) among {@code jobs}.
     */
    UsageReport report(Collection<Job> jobs, Instant now, boolean fairShare) {
        Map<String, int[]> tasks = new HashMap<>(); // user -> {running, waiting}
        for (Job j : jobs) {
            tasks.computeIfAbsent(String.valueOf(j.record.clientUser()), u -> new int[2])[j.phase().runs() ? 0 : 1]++;
        }
        Map<String, Double> recent = all(now);
        Set<String> users = new TreeSet<>(recent.keySet());
        users.addAll(tasks.keySet());
        double total = recent.values().stream().mapToDouble(Double::doubleValue).sum();
        List<UserUsage> rows = new ArrayList<>();
        for (String u : users) {
            double cpu = recent.getOrDefault(u, 0.0);
            int[] counts = tasks.getOrDefault(u, new int[2]);
            rows.add(new UserUsage(u, cpu, total > 0 ? cpu / total : 0, counts[0], counts[1]));
        }
        rows.sort(Comparator.comparingDouble(UserUsage::recentCpuSeconds).reversed().thenComparing(UserUsage::user));
        return new UsageReport(halfLife, fairShare, rows);
    }
}

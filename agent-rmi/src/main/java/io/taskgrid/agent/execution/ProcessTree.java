package io.taskgrid.agent.execution;

import io.taskgrid.api.task.ResourceUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts, kills and measures the whole tree of processes a task started. A task's program leads its own
 * session and process group, so SIGKILL to the group reaches even children whose parent already exited
 * (sent by {@code kill(2)} through JNA, or by the {@code kill} command where JNA is not available); a sweep
 * over {@link ProcessHandle#descendants()} reaches those that left the group while their parent runs.
 *
 * <p>On Linux a program is started with one {@code posix_spawn} ({@link NativeSpawn}) and the groups of running
 * tasks are listed with the {@link OrphanGuard}, which kills them if the agent dies. Elsewhere, or when either
 * is unusable, through {@link ProcessBuilder} with {@code setsid} and {@code setpriv --pdeathsig KILL} in front.
 */
final class ProcessTree implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final Path PROC = Path.of("/proc");
    private static final double CLOCK_TICKS = 100.0;

    private final Map<String, String> baseEnvironment;
    private final Optional<RunAs> runAs;
    private final Object environmentLock = new Object();
    private NativeSpawn.Environment encodedBase;          // guarded by environmentLock
    private final Optional<GroupSignals> signals;
    private final Optional<Path> kill;
    private final Optional<NativeSpawn> spawn;
    private final Object guardLock = new Object();
    private OrphanGuard guard;       // guarded by guardLock: started with the first spawned program
    private boolean guardFailed;     // guarded by guardLock
    private boolean closed;          // guarded by guardLock
    private final Lease lease;

    /**
     * @param signals         kill(2) through JNA, preferred
     * @param kill            the kill command, used when {@code signals} is empty
     * @param baseEnvironment what every program gets ({@link TaskEnvironment#base}), never the agent's own environment
     * @param runAs           the account programs run as, if not the agent's
     */
    ProcessTree(Optional<GroupSignals> signals, Optional<Path> kill, Map<String, String> baseEnvironment,
                Optional<RunAs> runAs) {
        this(signals, kill, NativeSpawn.load(), baseEnvironment, runAs, Lease.unlimited());
    }

    /** @param lease the agent's lease, which the orphan guard enforces too */
    ProcessTree(Optional<GroupSignals> signals, Optional<Path> kill, Map<String, String> baseEnvironment,
                Optional<RunAs> runAs, Lease lease) {
        this(signals, kill, NativeSpawn.load(), baseEnvironment, runAs, lease);
    }

    /** @param spawn posix_spawn through JNA; empty: always ProcessBuilder */
    ProcessTree(Optional<GroupSignals> signals, Optional<Path> kill, Optional<NativeSpawn> spawn,
                Map<String, String> baseEnvironment, Optional<RunAs> runAs) {
        this(signals, kill, spawn, baseEnvironment, runAs, Lease.unlimited());
    }

    ProcessTree(Optional<GroupSignals> signals, Optional<Path> kill, Optional<NativeSpawn> spawn,
                Map<String, String> baseEnvironment, Optional<RunAs> runAs, Lease lease) {
        this.lease = lease;
        lease.onRenewal(this::renewGuard);
        this.signals = signals;
        this.kill = kill;
        this.spawn = spawn;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.runAs = runAs;
    }

    /** The base environment (encoded once) plus {@code extra}. */
    private NativeSpawn.Environment environment(Map<String, String> extra) {
        synchronized (environmentLock) {
            if (encodedBase == null) {
                String[] entries = baseEnvironment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
                encodedBase = new NativeSpawn.Environment(entries);
            }
            return extra.isEmpty() ? encodedBase : encodedBase.with(extra);
        }
    }

    /**
     * Starts a task's program ({@code command} without any wrapper) in {@code folder}, stdin from /dev/null,
     * stdout and stderr readable, in a process group of its own when the platform allows, killed when the agent
     * dies, as the run-as account if there is one, with the base environment, the submitter's variables and then the
     * agent's own variables for the task ({@code own}), nothing else.
     * Call {@link #ended} once its tree was killed, and close the program once its exit code was read.
     */
    Program startProgram(List<String> command, Path folder, Map<String, String> own, Map<String, String> submitted,
                         Optional<Path> setsid, Optional<Path> setpriv) throws IOException {
        return startProgram(command, folder, own, submitted, setsid, setpriv, Optional.empty());
    }

    /**
     * The same, the program joining {@code cgroup} before it execs (as the agent's account: the switch to the run-as
     * account comes after), so that every process of its tree is in it.
     */
    Program startProgram(List<String> command, Path folder, Map<String, String> own, Map<String, String> submitted,
                         Optional<Path> setsid, Optional<Path> setpriv, Optional<TaskCgroup> cgroup) throws IOException {
        Optional<OrphanGuard> guarded = guard(folder);
        // As another account, the submitter's variables are set after the switch (see RunAs.wrap), never before.
        Map<String, String> extraEnvironment = runAs.isPresent() ? own : TaskEnvironment.forTask(submitted, own);
        List<String> asAccount0 = runAs.map(r -> r.wrap(command, TaskEnvironment.forTask(submitted, Map.of())))
                .orElse(command);
        List<String> asAccount = cgroup.map(c -> c.wrap(asAccount0)).orElse(asAccount0);
        if (guarded.isPresent()) {
            // The guard's mark: found by it even if the agent dies before the program is listed below.
            Map<String, String> marked = new HashMap<>(extraEnvironment);
            marked.putAll(guarded.get().mark());
            SpawnedProgram program = new SpawnedProgram(spawn.orElseThrow(),
                    spawn.get().start(asAccount, folder, environment(marked), false, true));
            if (guarded.get().started(program.pid())) {
                return program;
            }
            // The guard is gone: this program would outlive a killed agent. Start it the other way.
            program.close();
            program.stdout().close();
            program.stderr().close();
        }
        List<String> wrapped = new ArrayList<>();
        setsid.ifPresent(p -> wrapped.add(p.toString()));
        // setpriv execs the program in the same process (no extra fork): if the agent is killed outright, the
        // kernel kills the program too, instead of leaving it to finish a run the controller will repeat.
        List<String> rest = new ArrayList<>();
        if (runAs.isPresent()) {
            rest.addAll(asAccount0); // its setpriv sets --pdeathsig as well
        } else {
            setpriv.ifPresent(p -> rest.addAll(List.of(p.toString(), "--pdeathsig", "KILL", "--")));
            rest.addAll(command);
        }
        wrapped.addAll(cgroup.map(c -> c.wrap(rest)).orElse(rest));
        ProcessBuilder builder = new ProcessBuilder(wrapped)
                .directory(folder.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(baseEnvironment);
        builder.environment().putAll(extraEnvironment);
        return new JdkProgram(builder.start(), setsid.isPresent());
    }

    /** The program's tree was killed: the guard forgets its group (before the leader is reaped). */
    void ended(Program program) {
        if (program instanceof SpawnedProgram) {
            OrphanGuard current;
            synchronized (guardLock) {
                current = guard;
            }
            if (current != null) {
                current.ended(program.pid());
            }
        }
    }

    /** Whether tasks are started with posix_spawn under the orphan guard (false until the first task, or elsewhere). */
    boolean spawnsDirectly() {
        synchronized (guardLock) {
            return guard != null && guard.guarding();
        }
    }

    private Optional<OrphanGuard> guard(Path folder) {
        if (spawn.isEmpty()) {
            return Optional.empty();
        }
        synchronized (guardLock) {
            if (closed || guardFailed) {
                return Optional.empty();
            }
            if (guard == null) {
                try {
                    guard = OrphanGuard.start(spawn.get(), Path.of("/"), environment(Map.of()));
                    long left = lease.millisLeft();
                    if (left >= 0) {
                        guard.renew(left);
                    }
                } catch (IOException | RuntimeException e) {
                    guardFailed = true;
                    LOG.info("Programs will be started with setsid and setpriv: the orphan guard (awk) cannot start ({}).",
                            e.getMessage());
                    return Optional.empty();
                }
            }
            return guard.guarding() ? Optional.of(guard) : Optional.empty();
        }
    }

    /** Tells the orphan guard (once it runs) how long the lease holds from now. */
    private void renewGuard(long millisLeft) {
        OrphanGuard current;
        synchronized (guardLock) {
            current = guard;
        }
        if (current != null) {
            current.renew(millisLeft);
        }
    }

    /** Stops the orphan guard; programs started later get setsid and setpriv. Idempotent. */
    @Override
    public void close() {
        OrphanGuard current;
        synchronized (guardLock) {
            closed = true;
            current = guard;
        }
        if (current != null) {
            current.close();
        }
    }

    /**
     * Kills the process, its group (when it leads one) and every descendant; returns once the signals are
     * sent. Harmless when everything already ended.
     */
    void killAll(Program process) {
        // descendants() walks all of /proc. Once the program itself ended, its children were re-parented
        // (to init or a subreaper) and the walk cannot find them any more: only the group signal reaches them.
        List<ProcessHandle> descendants = process.isAlive()
                ? process.handle().map(h -> h.descendants().toList()).orElse(List.of())
                : List.of();
        process.killGroup(this::killGroup);
        process.kill();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private void killGroup(long pgid) {
        if (signals.isPresent()) {
            try {
                signals.get().killGroup(pgid);
                return;
            } catch (RuntimeException e) {
                LOG.warn("kill(-{}, SIGKILL) failed ({}); trying the kill command.", pgid, e.getMessage());
            }
        }
        if (kill.isEmpty()) {
            return;
        }
        try {
            Process killer = new ProcessBuilder(kill.get().toString(), "-KILL", "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!killer.waitFor(5, TimeUnit.SECONDS)) {
                killer.destroyForcibly();
                LOG.warn("kill -KILL -- -{} did not return within 5 s; falling back to killing known descendants.", pgid);
            }
        } catch (IOException e) {
            LOG.warn("Could not run {} to stop process group {} ({}); falling back to killing known descendants.",
                    kill.get(), pgid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU seconds, resident memory and bytes read of the process and its descendants (Linux; zeros elsewhere). */
    static ResourceUsage usage(ProcessHandle root) {
        if (!Files.isDirectory(PROC) || !root.isAlive()) {
            return ResourceUsage.NONE;
        }
        List<Long> pids = new ArrayList<>();
        pids.add(root.pid());
        root.descendants().forEach(h -> pids.add(h.pid()));
        double cpu = 0;
        long rss = 0;
        long read = 0;
        for (long pid : pids) {
            Path dir = PROC.resolve(Long.toString(pid));
            cpu += cpuSeconds(dir);
            rss += statusValue(dir.resolve("status"), "VmRSS:") * 1024;
            read += statusValue(dir.resolve("io"), "rchar:");
        }
        return new ResourceUsage(cpu, rss, read);
    }

    private static double cpuSeconds(Path dir) {
        String stat = readSmall(dir.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15, cutime and cstime (children
        // it waited for: gone from the tree, their time now the parent's) 16 and 17.
        String[] fields = stat.substring(close + 2).split(" ");
        if (fields.length < 15) {
            return 0;
        }
        try {
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14])) / CLOCK_TICKS;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long statusValue(Path file, String key) {
        for (String line : readSmall(file).split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String readSmall(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return ""; // the process ended meanwhile, or /proc/<pid>/io is not readable: count nothing
        }
    }
}

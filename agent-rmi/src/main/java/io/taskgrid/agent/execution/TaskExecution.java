package io.taskgrid.agent.execution;

import io.taskgrid.agent.runtime.Runtimes;
import io.taskgrid.api.Durations;
import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.agent.TaskAssignment;
import io.taskgrid.api.agent.TaskOutcome;
import io.taskgrid.api.task.Language;
import io.taskgrid.api.task.ResourceUsage;
import io.taskgrid.api.task.Resources;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.policy.PathOutsideSharedRootException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One attempt of one task on this agent: work folder, staging, check, run, result folder, outcome.
 * Runs on a slot thread; {@link #cancel} may come from any thread.
 */
final class TaskExecution implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);
    static final Duration CHECK_LIMIT = Duration.ofSeconds(30);
    private static final Duration PUMP_LIMIT = Duration.ofSeconds(10);
    private static final int CHECK_OUTPUT_LIMIT = 64 * 1024;

    /** Thrown inside the run to end it with a FAILED outcome carrying {@code message}. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final TaskAssignment task;
    private final ExecutionSettings settings;
    private final Runtimes runtimes;
    private final TaskEnvironment environment;
    private final ProcessTree tree;
    private final CheckCache checks;
    private final ExecutorService pumps;
    private final ResultStore results;
    private final Clock clock;
    private final Callbacks callbacks;
    private final TaskMemory memory;
    private final List<String> log = new ArrayList<>();

    private final Object lock = new Object();
    private Program process;          // guarded by lock: the check or the program, while it runs
    private String cancelReason;      // guarded by lock
    private boolean programRunning;   // guarded by lock: the task's program (not its check) is the process
    private volatile ResourceUsage lastUsage = ResourceUsage.NONE;
    private String checkOutput = "";   // the checker's complaint, on the slot thread only

    /** What the runner wants to hear from an execution. */
    interface Callbacks {
        void started(TaskExecution execution, Instant at);

        /** Right before the program starts: may cancel the execution, which then never starts it. */
        void beforeStart(TaskExecution execution);

        void bytesStaged(long bytes);

        void finished(TaskExecution execution, TaskOutcome outcome);
    }

    TaskExecution(TaskAssignment task, ExecutionSettings settings, Runtimes runtimes, TaskEnvironment environment,
                  ProcessTree tree, CheckCache checks, ExecutorService pumps, ResultStore results, Clock clock,
                  Callbacks callbacks, MemoryCgroups cgroups) {
        this.task = task;
        this.settings = settings;
        this.runtimes = runtimes;
        this.environment = environment;
        this.tree = tree;
        this.checks = checks;
        this.pumps = pumps;
        this.results = results;
        this.clock = clock;
        this.callbacks = callbacks;
        this.memory = new TaskMemory(task.resources().memoryBytes(), cgroups);
    }

    TaskAssignment task() {
        return task;
    }

    /** Kills whatever runs now; the run ends with CANCELLED. Returns false when it had already been cancelled. */
    boolean cancel(String reason) {
        Program running;
        synchronized (lock) {
            if (cancelReason != null) {
                return false;
            }
            cancelReason = reason == null || reason.isBlank() ? "Cancelled." : reason;
            running = process;
        }
        if (running != null) {
            tree.killAll(running);
        }
        return true;
    }

    /**
     * Samples the usage of the running program's tree (on the heartbeat thread); empty until a sample found it. A live
     * process always holds memory, so a sample without any (the tree not started yet, or gone between two reads of
     * /proc) measured nothing and is not kept: reported, it showed a running task at zero CPU, memory and bytes read.
     */
    Optional<ResourceUsage> sampleUsage() {
        measure(false);
        ResourceUsage measured = lastUsage;
        return measured.memoryBytes() > 0 ? Optional.of(measured) : Optional.empty();
    }

    /**
     * For the {@link MemoryWatch}: measures the program's tree now and stops the task, FAILED with a sentence, when it
     * uses more memory than it asked for. Nothing while the syntax check runs: the request is the program's.
     */
    void checkMemory() {
        ResourceUsage now = measure(true);
        if (now == null) {
            return;
        }
        Optional<MemoryBreach> breach = memory.check(now.memoryBytes());
        if (breach.isEmpty()) {
            return;
        }
        Program running;
        synchronized (lock) {
            running = cancelReason == null && programRunning ? process : null;
        }
        if (running != null) {
            LOG.info("Task {} is stopped for its memory: {}", task.taskId(), breach.get().message());
            tree.killAll(running);
        }
    }

    /** The tree's usage now, folded into {@link #lastUsage} (with the peak); null when nothing was measured. */
    private ResourceUsage measure(boolean programOnly) {
        Program running;
        synchronized (lock) {
            running = programOnly && !programRunning ? null : process;
        }
        Optional<ProcessHandle> handle = running == null || !running.isAlive() ? Optional.empty() : running.handle();
        if (handle.isEmpty()) {
            return null;
        }
        ResourceUsage now = memory.observe(ProcessTree.usage(handle.get()));
        if (now.memoryBytes() > 0 && now.cpuSeconds() >= lastUsage.cpuSeconds()) {
            lastUsage = now;
        }
        return now.memoryBytes() > 0 ? now : null;
    }

    private String cancelReason() {
        synchronized (lock) {
            return cancelReason;
        }
    }

    @Override
    public void run() {
        Instant received = clock.instant();
        Instant startedAt = received;
        Path work = settings.tasksDir().resolve(task.taskId() + "-" + task.attempt());
        Path idle = WorkFolder.idleOf(settings.tasksDir(), Thread.currentThread().getName());
        Optional<Path> staged0 = Optional.empty();
        Set<Path> staged = new HashSet<>();
        TaskState state = TaskState.FAILED;
        Integer exitCode = null;
        String message = null;
        String output = "";
        String errorOutput = "";
        Path resultFolder = null;  // made before the check and the run, which write their streams into it
        note("agent", settings.agentId() + " on " + settings.host());
        note("task", task.taskId() + ", attempt " + task.attempt() + ", project " + task.project()
                + (task.projectId() == null ? "" : " (id " + task.projectId() + ")"));
        note("program", task.program().describe() + " (" + task.language().displayName() + ")");
        note("received", received.toString());
        try {
            WorkFolder.open(work, idle, task.program().fileName());
            RuntimeInfo runtime = runtimes.find(task.language()).orElseThrow(() -> new Refused(
                    "This agent does not run " + task.language().displayName() + " programs; it runs: "
                            + runtimes.describe() + "."));
            Path program = stageProgram(work);
            staged.add(program);
            staged0 = Optional.of(program);
            Optional<Path> data = stageData(work, program);
            data.ifPresent(staged::add);
            if (settings.runAs().isPresent()) {
                handOver(settings.runAs().get(), work, program, data);
            }
            note("staged", clock.instant().toString());
            throwIfCancelled();

            startedAt = clock.instant();
            resultFolder = openResultFolder();
            Path outputs = resultFolder != null ? resultFolder : work;
            check(runtime, program, work, outputs);
            note("checked", clock.instant().toString());
            callbacks.beforeStart(this);
            throwIfCancelled();

            Run run = runProgram(runtime, program, data, work, outputs);
            startedAt = run.startedAt();
            errorOutput = run.stderr().excerpt();
            output = run.stdout().excerpt();
            exitCode = run.exitCode();
            if (run.cancelReason() != null) {
                state = TaskState.CANCELLED;
                message = run.cancelReason();
                exitCode = null;
            } else if (run.memoryBreach().isPresent()) {
                message = run.memoryBreach().get().message();
                exitCode = null;
            } else if (run.timedOut()) {
                message = "Timed out after " + human(task.timeout()) + "; the program and its children were stopped.";
                exitCode = null;
            } else if (exitCode != 0 && SyntaxCheck.javaCompilationFailed(task.language(), errorOutput)) {
                message = SyntaxCheck.message(program.getFileName().toString(), errorOutput, work.toString());
            } else if (exitCode != 0) {
                message = "Exited with code " + exitCode + ".";
            } else {
                state = TaskState.SUCCEEDED;
            }
        } catch (Refused e) {
            message = e.getMessage();
            errorOutput = checkOutput;
            if (cancelReason() != null) {
                state = TaskState.CANCELLED;
            }
        } catch (PathOutsideSharedRootException e) {
            message = e.getMessage();
        } catch (NoSuchFileException e) {
            message = "The file " + e.getFile() + " does not exist on the shared folder of agent " + settings.agentId()
                    + "; check the path and that the agent sees the same shared folder.";
        } catch (IOException e) {
            LOG.warn("Task {} could not be prepared or run: {}", task.taskId(), e.toString());
            message = "The agent could not prepare or run the task: " + e.getMessage() + ".";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = TaskState.CANCELLED;
            message = cancelReason() == null ? "agent stopped" : cancelReason();
        } catch (RuntimeException e) {
            LOG.error("Task {} failed inside the agent", task.taskId(), e);
            message = "The agent failed while running the task (" + e + "); see the agent's log.";
        }
        Instant endedAt = clock.instant();
        note("ended", endedAt + " (" + Durations.format(Duration.between(startedAt, endedAt)) + ")");
        note("state", state + (message == null ? "" : ": " + message.replace("\n", " | ")));
        ResourceUsage usage = memory.withPeak(lastUsage);
        // Not String.format: its Formatter was the agent's costliest line per task (JFR).
        note("usage", "cpu " + twoDecimals(usage.cpuSeconds()) + " s, memory " + usage.memoryBytes() + " bytes (peak "
                + usage.peakMemoryBytes() + "), read " + usage.bytesRead() + " bytes");
        String resultPath = null;
        try {
            resultPath = results.store(task.project(), task.taskId(), resultFolder, work, staged,
                    exitCode == null ? "" : exitCode.toString(), String.join("\n", log) + "\n");
        } catch (IOException | PathOutsideSharedRootException | RuntimeException e) {
            LOG.warn("The results of task {} could not be written to the shared folder: {}", task.taskId(), e.toString());
            message = (message == null ? "" : message + " ")
                    + "The results could not be written to the shared folder (" + e.getMessage() + ").";
        }
        try {
            WorkFolder.close(work, idle, staged0);
        } catch (IOException e) {
            LOG.warn("The work folder {} could not be emptied or deleted: {}", work, e.toString());
        }
        callbacks.finished(this, new TaskOutcome(task.taskId(), task.attempt(), task.token(), state, exitCode, output, errorOutput,
                message, startedAt, endedAt, resultPath, usage));
    }

    /**
     * The result folder, made now so that the program writes its streams straight into it; {@code null} when it cannot
     * be made: the program still runs (its streams go to the work folder), and storing the results afterwards tries
     * again and says why it failed.
     */
    private Path openResultFolder() {
        try {
            return results.open(task.project(), task.taskId());
        } catch (IOException | PathOutsideSharedRootException e) {
            LOG.debug("The result folder of task {} could not be made before its run: {}", task.taskId(), e.toString());
            return null;
        }
    }

    /** 1.5 → "1.50", as "%.2f" would print it for the non-negative figures of a usage. */
    static String twoDecimals(double value) {
        long hundredths = Math.round(value * 100);
        long remainder = Math.abs(hundredths % 100);
        return (hundredths < 0 && hundredths > -100 ? "-" : "") + hundredths / 100 + "." + (remainder < 10 ? "0" : "") + remainder;
    }

    private void throwIfCancelled() throws Refused {
        String reason = cancelReason();
        if (reason != null) {
            throw new Refused(reason);
        }
    }

    private void note(String key, String value) {
        log.add(key + ": " + value);
    }

    private Path stageProgram(Path work) throws IOException, PathOutsideSharedRootException, Refused {
        String name = task.program().fileName();
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw new Refused("The program's file name '" + name + "' is not a plain file name.");
        }
        Path target = work.resolve(name);
        if (task.program().isInline()) {
            byte[] bytes = task.program().inlineContent();
            WorkFolder.writeIfChanged(target, bytes);
            callbacks.bytesStaged(bytes.length);
        } else {
            Path source = settings.sharedRoot().resolve(task.program().sharedPath(), "program");
            BasicFileAttributes attributes;
            try { // one stat answers whether it is a file and how big
                attributes = Files.readAttributes(source, BasicFileAttributes.class);
            } catch (IOException e) {
                attributes = null;
            }
            if (attributes == null || !attributes.isRegularFile()) {
                throw new Refused("The program " + task.program().sharedPath() + " is not a file on the shared folder "
                        + settings.sharedRoot().root() + "; check the path.");
            }
            WorkFolder.copyIfChanged(source, attributes.size(), target);
            callbacks.bytesStaged(attributes.size());
        }
        if (task.language() == Language.EXECUTABLE && !Files.isExecutable(target)) {
            try {
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(target));
                perms.add(PosixFilePermission.OWNER_EXECUTE);
                perms.add(PosixFilePermission.OWNER_READ);
                Files.setPosixFilePermissions(target, perms);
            } catch (UnsupportedOperationException e) {
                if (!target.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + name + " executable", e);
                }
            }
        }
        return target;
    }

    /**
     * Gives the work folder (private to the account: 0700), the program and the staged data to the run-as account;
     * the result folder stays the agent's, which copies the results out of the work folder.
     */
    private static void handOver(RunAs account, Path work, Path program, Optional<Path> data) throws IOException {
        Files.setPosixFilePermissions(work, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        account.own(work);
        account.own(program);
        if (data.isPresent()) {
            account.ownTree(data.get());
        }
    }

    private Optional<Path> stageData(Path work, Path program) throws IOException, PathOutsideSharedRootException, Refused {
        if (task.dataPath() == null || task.dataPath().isBlank()) {
            return Optional.empty();
        }
        Path source = settings.sharedRoot().resolve(task.dataPath(), "data");
        if (!Files.exists(source)) {
            throw new Refused("The data " + task.dataPath() + " does not exist on the shared folder "
                    + settings.sharedRoot().root() + "; check the path.");
        }
        String name = source.getFileName().toString();
        Path target = work.resolve(name);
        if (target.equals(program) || name.equals(ResultStore.STDOUT) || name.equals(ResultStore.STDERR)) {
            target = work.resolve("data-" + name);
        }
        long bytes = copyTree(source, target);
        callbacks.bytesStaged(bytes);
        note("data", task.dataPath() + " (" + bytes + " bytes)");
        return Optional.of(target);
    }

    private long copyTree(Path source, Path target) throws IOException, PathOutsideSharedRootException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            return Files.size(target);
        }
        long total = 0;
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path real = p.toRealPath();
                if (!real.startsWith(settings.sharedRoot().root())) {
                    throw new PathOutsideSharedRootException("The data folder " + task.dataPath() + " holds " + source.relativize(p)
                            + ", a link to " + real + " outside the shared folder; copy the file itself into the shared folder.");
                }
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    total += Files.size(to);
                }
            }
        }
        return total;
    }

    /** Checks the program's syntax; the checker's complaint goes to stderr.txt in {@code outputs}. */
    private void check(RuntimeInfo runtime, Path program, Path work, Path outputs)
            throws IOException, InterruptedException, Refused {
        Optional<List<String>> command = SyntaxCheck.command(runtime, program.getFileName().toString());
        if (command.isEmpty()) {
            return;
        }
        CheckCache.Key key = CheckCache.key(task.language(), runtime.command(),
                task.program().isInline() ? task.program().inlineContent() : Files.readAllBytes(program));
        if (checks.hasPassed(key)) {
            note("check", String.join(" ", command.get()) + " (passed before: same program, same runtime)");
            return;
        }
        note("check", String.join(" ", command.get()));
        Path report = outputs.resolve(ResultStore.STDERR);
        // As the run-as account too: `perl -c` runs BEGIN blocks, `python -m py_compile` imports from the work folder.
        List<String> asAccount = settings.runAs().map(r -> r.wrap(command.get(), Map.of())).orElse(command.get());
        ProcessBuilder builder = new ProcessBuilder(asAccount)
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectErrorStream(true)
                .redirectOutput(report.toFile());
        builder.environment().clear(); // the checker gets no more of the agent's environment than the program
        builder.environment().putAll(environment.base());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Program checker = track(() -> new JdkProgram(builder.start(), false));
        try {
            if (!checker.waitFor(CHECK_LIMIT.toMillis())) {
                tree.killAll(checker);
                throw new Refused("The syntax check of " + program.getFileName() + " did not finish within "
                        + human(CHECK_LIMIT) + "; it was stopped.");
            }
        } finally {
            untrack(checker);
        }
        throwIfCancelled();
        if (checker.exitValue() != 0) {
            String text;
            try (InputStream in = Files.newInputStream(report)) {
                text = new String(in.readNBytes(CHECK_OUTPUT_LIMIT), StandardCharsets.UTF_8);
            }
            checkOutput = text.replace(work + "/", "");
            throw new Refused(SyntaxCheck.message(program.getFileName().toString(), text, work.toString()));
        }
        checks.recordPass(key);
    }

    /** What the program's run produced. */
    private record Run(Instant startedAt, Integer exitCode, boolean timedOut, String cancelReason,
                       Optional<MemoryBreach> memoryBreach, OutputPump.Result stdout, OutputPump.Result stderr) {
    }

    /** Runs the program in {@code work}; its stdout and stderr go to files in {@code outputs}. */
    private Run runProgram(RuntimeInfo runtime, Path program, Optional<Path> data, Path work, Path outputs)
            throws IOException, InterruptedException, Refused {
        List<String> command = new ArrayList<>();
        if (task.language() == Language.EXECUTABLE) {
            command.add(program.toString());
        } else {
            command.add(runtime.command());
            command.add(program.getFileName().toString());
        }
        command.addAll(task.arguments());
        Map<String, String> own = new HashMap<>();
        own.put("TASKGRID_TASK_ID", Long.toString(task.taskId()));
        own.put("TASKGRID_ATTEMPT", Integer.toString(task.attempt()));
        if (task.arrayId() != null) {
            own.put("TASKGRID_ARRAY_ID", Long.toString(task.arrayId()));
            own.put("TASKGRID_ARRAY_INDEX", Integer.toString(task.arrayIndex()));
        }
        own.put("TASKGRID_SHARED", settings.sharedRoot().root().toString());
        data.ifPresent(d -> own.put("TASKGRID_DATA", d.toAbsolutePath().toString()));

        try (TaskCgroup cgroup = memory.openCgroup(task.taskId() + "-" + task.attempt());
             Program program0 = track(() -> tree.startProgram(command, work, own, task.environment(), settings.setsid(),
                     settings.setpriv(), Optional.ofNullable(cgroup)))) {
            synchronized (lock) {
                programRunning = true;
            }
            Instant startedAt = clock.instant();
            if (cgroup != null) {
                note("memory", "at most " + Resources.formatMemory(task.resources().memoryBytes())
                        + ", held by the kernel (cgroup " + cgroup.dir() + ")");
            } else if (memory.limited()) {
                note("memory", "at most " + Resources.formatMemory(task.resources().memoryBytes())
                        + ", held by sampling the processes once a second");
            }
            note("command", String.join(" ", command));
            note("started", startedAt + " (pid " + program0.pid() + (program0.groupLeader() ? ", own process group" : "")
                    + ")");
            callbacks.started(this, startedAt);
            boolean timedOut = false;
            OutputPump.Result stdout;
            OutputPump.Result stderr;
            long limit = task.timeout() == null ? -1 : task.timeout().toMillis();
            if (program0 instanceof SpawnedProgram spawned) {
                // One thread: the slot reads both pipes and watches the program's end in one poll loop.
                try (OutputPump.Sink out = new OutputPump.Sink(outputs.resolve(ResultStore.STDOUT), settings.maxOutputBytes());
                     OutputPump.Sink err = new OutputPump.Sink(outputs.resolve(ResultStore.STDERR), settings.maxOutputBytes())) {
                    try {
                        if (!spawned.drainUntilEnd(out, err, limit)) {
                            timedOut = cancelReason() == null;
                            sampleUsage();
                        }
                    } finally {
                        end(program0);
                    }
                    if (!spawned.drainRest(out, err, PUMP_LIMIT.toMillis())) {
                        LOG.warn("The output of task {} stayed open {} after the program ended (a child that escaped its"
                                + " process group?); the result is reported without waiting further.", task.taskId(),
                                human(PUMP_LIMIT));
                    }
                    stdout = out.result();
                    stderr = err.result();
                }
            } else {
                Future<OutputPump.Result> out = pumps.submit(new OutputPump(program0.stdout(),
                        outputs.resolve(ResultStore.STDOUT), settings.maxOutputBytes()));
                Future<OutputPump.Result> err = pumps.submit(new OutputPump(program0.stderr(),
                        outputs.resolve(ResultStore.STDERR), settings.maxOutputBytes()));
                try {
                    if (limit < 0) {
                        program0.waitFor();
                    } else if (!program0.waitFor(limit)) {
                        timedOut = cancelReason() == null;
                        sampleUsage();
                    }
                } finally {
                    end(program0);
                }
                stdout = await(out, "stdout");
                stderr = await(err, "stderr");
            }
            int exitCode = program0.exitValue();
            for (OutputPump.Result r : List.of(stdout, stderr)) {
                if (r.capped()) {
                    note("truncated", (r == stdout ? "stdout" : "stderr") + ": " + r.totalBytes() + " bytes written, the first "
                            + r.keptBytes() + " kept (limit " + settings.maxOutputBytes() + ")");
                }
            }
            note("exit code", Integer.toString(exitCode));
            Optional<MemoryBreach> breach = memory.verdict(exitCode);
            return new Run(startedAt, exitCode, timedOut && breach.isEmpty(), cancelReason(), breach, stdout, stderr);
        } finally {
            synchronized (lock) {
                programRunning = false;
            }
            memory.closed();
        }
    }

    /** Always, however the run ended: a program that forked and exited must not leave children behind. */
    private void end(Program program) throws InterruptedException {
        tree.killAll(program);
        program.waitFor();
        tree.ended(program);
        untrack(program);
    }

    private OutputPump.Result await(Future<OutputPump.Result> pump, String name) throws InterruptedException {
        try {
            return pump.get(PUMP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.warn("Reading the {} of task {} failed: {}", name, task.taskId(), e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.warn("The {} of task {} stayed open {} after the program ended (a child that escaped its process group?);"
                    + " the result is reported without waiting further.", name, task.taskId(), human(PUMP_LIMIT));
        }
        return new OutputPump.Result(0, 0, "");
    }

    /** Starts a program. */
    private interface Start {
        Program start() throws IOException;
    }

    private Program track(Start start) throws IOException, Refused {
        synchronized (lock) {
            if (cancelReason != null) {
                throw new Refused(cancelReason);
            }
            process = start.start();
            return process;
        }
    }

    private void untrack(Program p) {
        synchronized (lock) {
            if (process == p) {
                process = null;
            }
        }
    }

    static String human(Duration d) {
        if (d == null) {
            return "";
        }
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            long s = ms / 1000;
            if (s >= 3600 && s % 3600 == 0) {
                return s / 3600 + "h";
            }
            if (s >= 60 && s % 60 == 0) {
                return s / 60 + "m";
            }
            return s + "s";
        }
        return Durations.format(d);
    }

    private static File nullDevice() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }
}

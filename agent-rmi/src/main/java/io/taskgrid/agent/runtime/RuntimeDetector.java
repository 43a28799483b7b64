package io.taskgrid.agent.runtime;

import io.taskgrid.api.agent.RuntimeInfo;
import io.taskgrid.api.task.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Finds the interpreters on this host: python3, bash, sh, java (single-file programs), node, ruby and perl,
 * plus plain executables, which need none. Every probe is started at once and all run in parallel, each
 * limited to {@link #PROBE_LIMIT}; no thread is started for them.
 */
public final class RuntimeDetector {
    public static final Duration PROBE_LIMIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeDetector.class);
    private static final int MAX_PROBE_OUTPUT = 16 * 1024;

    private final Function<String, Optional<Path>> which;
    private final Optional<Path> currentJava;

    /** Searches the PATH of this process and prefers the java that runs this JVM. */
    public RuntimeDetector() {
        this(RuntimeDetector::onPath, ProcessHandle.current().info().command().map(Path::of));
    }

    RuntimeDetector(Function<String, Optional<Path>> which, Optional<Path> currentJava) {
        this.which = which;
        this.currentJava = currentJava;
    }

    /** A probe: the language, the command to look for, and the arguments that make it print its version. */
    private record Probe(Language language, Path command, List<String> arguments) {
    }

    private record Running(Probe probe, Process process) {
    }

    public Runtimes detect() {
        List<Probe> probes = new ArrayList<>();
        which.apply("python3").ifPresent(p -> probes.add(new Probe(Language.PYTHON, p,
                // sys.executable names the real interpreter, not a shim (pyenv) that costs a process per start.
                List.of("-c", "import sys; print(sys.executable); print('Python ' + sys.version.split()[0])"))));
        which.apply("bash").ifPresent(p -> probes.add(new Probe(Language.BASH, p, List.of("--version"))));
        which.apply("sh").ifPresent(p -> probes.add(new Probe(Language.SHELL, p, List.of("-c", "exit 0"))));
        currentJava.filter(Files::isExecutable).or(() -> which.apply("java"))
                .ifPresent(p -> probes.add(new Probe(Language.JAVA, p, List.of("-version"))));
        which.apply("node").ifPresent(p -> probes.add(new Probe(Language.NODE, p, List.of("--version"))));
        which.apply("ruby").ifPresent(p -> probes.add(new Probe(Language.RUBY, p, List.of("--version"))));
        which.apply("perl").ifPresent(p -> probes.add(new Probe(Language.PERL, p, List.of("-e", "printf qq(perl %vd\\n), $^V"))));

        List<Running> started = new ArrayList<>();
        for (Probe probe : probes) {
            List<String> command = new ArrayList<>();
            command.add(probe.command().toString());
            command.addAll(probe.arguments());
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .start();
                started.add(new Running(probe, process));
            } catch (IOException e) {
                LOG.warn("{} was found at {} but cannot be started ({}); this agent will not run {} programs.",
                        probe.command().getFileName(), probe.command(), e.getMessage(), probe.language().displayName());
            }
        }

        long deadline = System.nanoTime() + PROBE_LIMIT.toNanos();
        List<RuntimeInfo> found = new ArrayList<>();
        for (Running running : started) {
            Probe probe = running.probe();
            Process process = running.process();
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    LOG.warn("{} did not answer within {} s; this agent will not run {} programs.",
                            probe.command(), PROBE_LIMIT.toSeconds(), probe.language().displayName());
                    continue;
                }
                String output = read(process.getInputStream());
                if (process.exitValue() != 0) {
                    LOG.warn("{} failed its version check (exit code {}); this agent will not run {} programs.",
                            probe.command(), process.exitValue(), probe.language().displayName());
                    continue;
                }
                found.add(toInfo(probe, output));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                started.forEach(r -> r.process().destroyForcibly());
                break;
            } catch (IOException e) {
                LOG.warn("Could not read the version of {} ({}); this agent will not run {} programs.",
                        probe.command(), e.getMessage(), probe.language().displayName());
            }
        }
        found.add(new RuntimeInfo(Language.EXECUTABLE, "exec", ""));
        found.sort((a, b) -> a.language().compareTo(b.language()));
        return new Runtimes(found);
    }

    private static RuntimeInfo toInfo(Probe probe, String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String command = probe.command().toString();
        String version = lines.isEmpty() ? "" : lines.get(0);
        if (probe.language() == Language.PYTHON && lines.size() >= 2 && Files.isExecutable(Path.of(lines.get(0)))) {
            command = lines.get(0);
            version = lines.get(1);
        }
        return new RuntimeInfo(probe.language(), command, version);
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_PROBE_OUTPUT);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static File nullDevice() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }

    /** The absolute path of {@code name} on this process's PATH, like {@code which}. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}

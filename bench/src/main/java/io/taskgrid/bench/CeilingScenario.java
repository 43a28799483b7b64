package io.taskgrid.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link Ceiling} in a JVM of its own with the server JVM flags. */
final class CeilingScenario {
    private final Setup setup;

    CeilingScenario(Setup setup) {
        this.setup = setup;
    }

    /**
     * One ceiling run.
     *
     * @param tasksPerSecond N / wall time
     * @param cpuMsPerTask   CPU of the ceiling JVM and its programs per program, ms
     */
    record Result(double tasksPerSecond, double cpuMsPerTask) {
    }

    Result measure(int n, int threads, List<String> command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(setup.java());
        cmd.addAll(Setup.SERVER_JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Ceiling.class.getName());
        cmd.add(Integer.toString(n));
        cmd.add(Integer.toString(threads));
        cmd.addAll(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new BenchException("The ceiling run failed: " + out);
            }
            String[] f = out.lines().reduce((a, b) -> b).orElse("").split(" ");
            return new Result(Double.parseDouble(f[3]), Double.parseDouble(f[4]));
        } catch (IOException e) {
            throw new BenchException("Cannot start the ceiling JVM: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("Interrupted during the ceiling run", e);
        }
    }

    /** The one-line shell script the end-to-end tasks run too. */
    static Path script(Path folder) {
        try {
            Files.createDirectories(folder);
            Path script = folder.resolve("trivial.sh");
            Files.writeString(script, "#!/bin/sh\necho hi\n");
            return script;
        } catch (IOException e) {
            throw new BenchException("Cannot write the trivial script into " + folder + ": " + e.getMessage(), e);
        }
    }
}

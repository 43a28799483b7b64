package io.taskgrid.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A controller or agent JVM started by the harness. Its output goes to a log file; a named thread copies
 * it there and notices the line that says the server is up.
 */
final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread copier;

    private ServerProcess(String name, Process process, Path log, String readyText) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.copier = new Thread(() -> copy(readyText), "bench-log-" + name);
        copier.setDaemon(true);
        copier.start();
    }

    static ServerProcess start(String name, List<String> command, Path log, String readyText, Duration timeout) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            ServerProcess server = new ServerProcess(name, p, log, readyText);
            if (!server.ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                server.close();
                throw new BenchException(name + " did not say \"" + readyText + "\" within " + timeout.toSeconds()
                        + " s; see its log " + log + ".");
            }
            return server;
        } catch (IOException e) {
            throw new BenchException("Cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("Interrupted while starting " + name, e);
        }
    }

    private void copy(String readyText) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                out.flush();
                if (line.contains(readyText)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended while we read; its log holds what it said
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGTERM (the server's own shutdown hook stops it cleanly), then SIGKILL after 15 s. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            copier.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}

package io.taskgrid.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The desktop scenario's window ({@code io.taskgrid.bench.window.DesktopWindow}) in a JVM of its own, started as
 * {@code bin/taskgrid gui} starts the client (its client JVM flags, the product's class path launcher/target/lib, no
 * {@code -Xmx}) plus Monocle's headless glass and software rendering, as {@code taskgrid screenshot} runs, and a
 * preferences folder of its own (the person's window size and settings are neither read nor written). The harness
 * sends it one command per line and reads its answers; everything else it prints goes to its log.
 * Thread: "bench-window-log".
 */
final class WindowProcess implements AutoCloseable {
    private static final String ANSWER = "@bench ";
    private static final String MAIN = "io.taskgrid.bench.window.DesktopWindow";

    private final Process process;
    private final Path log;
    private final PrintWriter commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Thread copier;

    private WindowProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        this.copier = new Thread(this::copy, "bench-window-log");
        copier.setDaemon(true);
        copier.start();
    }

    static WindowProcess start(Setup setup, int port, String user, Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(setup.java());
        cmd.addAll(Setup.CLIENT_JVM_FLAGS);
        cmd.addAll(List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Dprism.text=t2k",
                "-Djava.awt.headless=true", "-Djava.util.prefs.userRoot=" + dir.resolve("prefs"),
                "-Djava.rmi.server.hostname=127.0.0.1"));
        cmd.addAll(setup.extraWindowJvmOpts());
        cmd.add("-cp");
        cmd.add(setup.launcherLib().toAbsolutePath() + "/*" + File.pathSeparator + benchJar());
        cmd.add(MAIN);
        cmd.addAll(List.of("127.0.0.1", Integer.toString(port), user));
        Path log = dir.resolve("window.log");
        try {
            Files.createDirectories(dir);
            return new WindowProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start(), log);
        } catch (IOException e) {
            throw new BenchException("Cannot start the window JVM: " + e.getMessage(), e);
        }
    }

    /** Where the harness's own classes are: the window's main class is among them. */
    private static String benchJar() {
        try {
            return Path.of(WindowProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new BenchException("Cannot tell where the harness's jar is: " + e.getMessage(), e);
        }
    }

    private void copy() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(ANSWER)) {
                    answers.add(line.substring(ANSWER.length()));
                } else {
                    out.println(line);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the process ended while we read; its log holds what it said
        }
    }

    /** Sends a command and waits for its answer, which must start with {@code expected}. */
    String ask(String command, String expected, Duration timeout) {
        commands.println(command);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String a = answers.poll(200, TimeUnit.MILLISECONDS);
                if (a != null) {
                    if (!a.startsWith(expected)) {
                        throw new BenchException("The window answered '" + command + "' with: " + a + " (see " + log + ")");
                    }
                    return a;
                }
                if (!process.isAlive()) {
                    throw new BenchException("The window JVM ended (exit " + process.exitValue() + ") while asked '" + command
                            + "'; see " + log + ".");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("Interrupted while waiting for the window", e);
        }
        throw new BenchException("The window did not answer '" + command + "' within " + timeout.toSeconds() + " s; see " + log + ".");
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Asks the window to close, then SIGTERM after 20 s, SIGKILL after 10 more. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        commands.println("quit");
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            copier.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

package io.taskgrid.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * `taskgrid` commands as separate JVMs, the way people start them, with their output collected line by
 * line. Closing kills whatever is still running, with its children.
 */
final class Jvms implements AutoCloseable {
    private final Path home;
    private final List<Process> started = new ArrayList<>();

    Jvms(Path home) {
        this.home = home;
    }

    /** A started command and the lines it printed (stdout and stderr together). */
    record Jvm(Process process, BlockingQueue<String> lines) {
        String awaitLine(String fragment, int seconds) throws InterruptedException {
            List<String> seen = awaitLines(fragment, seconds);
            return seen.get(seen.size() - 1);
        }

        /** The lines printed until the first with {@code fragment}, that one included. */
        List<String> awaitLines(String fragment, int seconds) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (line.contains(fragment)) {
                        return seen;
                    }
                }
            }
            throw new AssertionError("no line with '" + fragment + "' within " + seconds + " s; saw:\n" + String.join("\n", seen));
        }

        /** What it printed since the last read, for a failure message. */
        String printedSoFar() {
            List<String> out = new ArrayList<>();
            lines.drainTo(out);
            return String.join("\n", out);
        }

        /** kill -9: no shutdown hook, no goodbye. */
        void killHard() throws InterruptedException {
            process.toHandle().destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }

        void signal(String name) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        }
    }

    Jvm launch(String... args) throws IOException {
        return launch(Map.of(), args);
    }

    Jvm launch(Map<String, String> env, String... args) throws IOException {
        return start(List.of(), List.of(), env, Main.class, args);
    }

    /**
     * A main class of the class path in a JVM behind {@code prefix} (none, or e.g. {@code ip netns exec NS}, which execs,
     * so the JVM keeps the pid that {@link Jvm#signal} and {@link Jvm#killHard} use), logging as the installed servers do
     * (INFO, e.g. "registered with the controller"), not at this test class path's WARN.
     */
    Jvm launchIn(List<String> prefix, Map<String, String> env, Class<?> main, String... args) throws IOException {
        return start(prefix, List.of("-Dlogback.configurationFile=logback.xml"), env, main, args);
    }

    private Jvm start(List<String> prefix, List<String> jvmOptions, Map<String, String> env, Class<?> main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djdk.lang.Process.launchMechanism=VFORK", "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        synchronized (started) {
            started.add(process);
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output closed: " + e.getMessage() + ">");
            }
        }, "output-of-" + (args.length > 0 ? args[0] : main.getSimpleName()));
        reader.setDaemon(true);
        reader.start();
        return new Jvm(process, lines);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<Process> all;
        synchronized (started) {
            all = List.copyOf(started);
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.toHandle().destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package io.taskgrid.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code taskgrid} commands started as separate JVMs from launcher/target/lib (what bin/taskgrid runs), optionally
 * behind a prefix such as {@code ip netns exec NS}; stops them all on {@link #close()}.
 */
final class Launched implements AutoCloseable {
    /** A finished command. */
    record Result(int exitCode, String output) {
    }

    /** A running command and the lines it printed (stdout and stderr). */
    record Running(Process process, BlockingQueue<String> lines, StringBuffer all) {
        String awaitLine(String fragment, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.contains(fragment)) {
                    return line;
                }
            }
            throw new AssertionError("no line with '" + fragment + "' within " + seconds + " s; saw:\n" + all);
        }
    }

    private final Path home;
    private final Map<String, String> environment;
    private final List<Process> started = new ArrayList<>();

    Launched(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
    }

    static String classPath() {
        Path lib = Path.of(System.getProperty("user.dir")).resolve("target/lib");
        return Files.isRegularFile(lib.resolve("taskgrid-launcher.jar")) ? lib + "/*" : System.getProperty("java.class.path");
    }

    Running start(List<String> prefix, Map<String, String> env, String... args) throws IOException {
        return startJava(prefix, env, classPath(), "io.taskgrid.launcher.Main", args);
    }

    /** Another main class of the test class path (a hand-written attacker), in a JVM of its own. */
    Running startTestMain(Class<?> main, String... args) throws IOException {
        return startJava(List.of(), Map.of(), System.getProperty("java.class.path"), main.getName(), args);
    }

    /** The command line of {@code taskgrid ARGS} as {@link #start} runs it, for a terminal to run (tmux). */
    List<String> javaCommand(String... args) {
        return javaCommand(classPath(), "io.taskgrid.launcher.Main", args);
    }

    private static List<String> javaCommand(String classPath, String main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "-cp", classPath, main));
        command.addAll(List.of(args));
        return command;
    }

    private Running startJava(List<String> prefix, Map<String, String> env, String classPath, String main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(javaCommand(classPath, main, args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("TASKGRID_CONTROLLER");
        builder.environment().putAll(environment);
        builder.environment().putAll(env);
        Process process = builder.start();
        synchronized (started) {
            started.add(process);
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuffer all = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    all.append(line).append('\n');
                }
            } catch (IOException e) {
                all.append("<output closed: ").append(e.getMessage()).append(">\n");
            }
        }, "output-of-" + args[0]);
        reader.setDaemon(true);
        reader.start();
        return new Running(process, lines, all);
    }

    Result run(List<String> prefix, Map<String, String> env, int seconds, String... args) throws IOException, InterruptedException {
        Running r = start(prefix, env, args);
        if (!r.process().waitFor(seconds, TimeUnit.SECONDS)) {
            r.process().destroyForcibly();
            throw new AssertionError("taskgrid " + String.join(" ", args) + " did not end within " + seconds + " s; printed:\n" + r.all());
        }
        Thread.sleep(50); // let the reader take the last lines
        return new Result(r.process().exitValue(), r.all().toString());
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (started) {
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            for (Process p : started) {
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
